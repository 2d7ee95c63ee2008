"""Tagging: countries an article is about, defence-cooperation kinds, and story grouping."""

from .countries import tag_countries

__all__ = ["tag_countries"]
