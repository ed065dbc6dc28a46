"""What anonymous visitors get, kept: public pages cached until something visible changes.

No routes. ``models`` holds the one version number, ``tracking`` moves it whenever a transaction
that changed a public table commits, ``signals`` tells every process it moved, ``release`` fingerprints
the release and settings that make pages, ``cache`` says what is kept under which key, and ``front``
keeps and serves the pages in front of Flask.
"""
