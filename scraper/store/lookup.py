"""Reading one stored article by its URL (for the story page)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import ArticleRow


def article_by_url(session: Session, url: str) -> ArticleRow | None:
    """The stored article whose URL is exactly `url`, or None."""
    return session.scalar(select(ArticleRow).where(ArticleRow.url == url).limit(1))
