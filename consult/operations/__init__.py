"""Running an installation: backups."""
