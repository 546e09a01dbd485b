"""Storage: SQLAlchemy 2.0 models over one local database file, with packaged migrations."""
