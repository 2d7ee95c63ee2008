"""Attaché: scheduled scraper and feed aggregator for defence-cooperation news."""

__version__ = "0.1.0"
