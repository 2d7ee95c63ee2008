"""The store's Alembic revisions, oldest first: `0001_baseline`, then one file per schema change."""
