"""Static files for a fast first visit: one stylesheet with only the rules the pages use, content-hashed
names served as immutable, and gzip for every text response (issue 15). No routes."""
