"""Storage: factledger's records in SQLite or PostgreSQL (SQLAlchemy 2 + Alembic)."""

from factledger.store.records import (
    Batch,
    DigestRequest,
    FetchRow,
    Problem,
    QueueEvent,
    QueueItem,
    QueueRequest,
    RecordNotFound,
    RunInfo,
    RunRow,
    StoreError,
)
from factledger.store.store import Store

__all__ = [
    "Batch",
    "DigestRequest",
    "FetchRow",
    "Problem",
    "QueueEvent",
    "QueueItem",
    "QueueRequest",
    "RecordNotFound",
    "RunInfo",
    "RunRow",
    "Store",
    "StoreError",
]
