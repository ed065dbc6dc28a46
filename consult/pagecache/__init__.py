"""What anonymous visitors get, kept: public pages cached until something visible changes.

No routes. ``models`` holds the one version counter, ``tracking`` moves it whenever a transaction
that changed a public table commits, ``cache`` keeps and serves the pages.
"""
