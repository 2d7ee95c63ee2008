"""Spiders: one per catalog source, built by `loader.CatalogSpiderLoader`.

Spiders only navigate (listings, feeds, sitemaps) and yield `PageItem`s for
article pages; the pipelines normalise and store them.
"""
