"""Everything one run reads, as batches: the reading path both engines share.

A run reads a `SourceList` (a sources file, or the inputs of `factledger run` sorted by
kind): feeds, whose links join the pages; pages; documents an earlier run stored but died
before extracting; JSON Lines records, one document each; and files. The sorting of files
into records and texts, the streaming of records and the batching live here; the bare
engine iterates `read_sources`, and the flows call the same pieces through their tasks
(the network part through the fetch task, so Prefect retries transient failures).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx

from factledger import fetching
from factledger.pipeline import Read, StepRun, batched, loaded_read, now, read_documents
from factledger.settings import Settings
from factledger.sources.catalog import SourceList
from factledger.sources.files import LoadedDocument, expand_paths, is_records_file
from factledger.sources.http import FetchPolicy, FetchResult, make_client
from factledger.sources.jsonl import iter_jsonl
from factledger.store import Batch, Store


def local_files(listed: SourceList) -> tuple[list[Path], list[Path]]:
    """The JSON Lines files (named as such, or found by their suffix) and the text files to read."""
    files = expand_paths(list(listed.paths)) if listed.paths else []
    records = [Path(p) for p in listed.jsonl] + [f for f in files if is_records_file(f)]
    texts = [f for f in files if not is_records_file(f)]
    return list(dict.fromkeys(records)), texts


def record_reads(paths: Sequence[Path], step: StepRun, size: int, max_bytes: int) -> Iterator[Read]:
    """JSON Lines records in batches of `size` documents, streamed, each record once."""
    started = now()
    at = started.isoformat()
    records = first_seen(item for path in paths for item in iter_jsonl(path, at, max_bytes))
    for chunk in chunks(records, size):
        yield loaded_read(chunk, step, started)


def file_reads(paths: Sequence[Path], step: StepRun, size: int, max_bytes: int) -> Iterator[Read]:
    """Text files in batches of `size`, each batch read only when its turn comes."""
    for chunk in batched(paths, size):
        yield read_documents(chunk, step, max_bytes)


def first_seen(loaded: Iterable[LoadedDocument]) -> Iterator[LoadedDocument]:
    """Each document once (two records with the same bytes are one document)."""
    seen: set[str] = set()
    for item in loaded:
        if item.document.id not in seen:
            seen.add(item.document.id)
            yield item


def chunks(items: Iterable[LoadedDocument], size: int) -> Iterator[list[LoadedDocument]]:
    chunk: list[LoadedDocument] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def leftover_reads(pending: list[LoadedDocument], fetched: Collection[str], size: int) -> list[Read]:
    """Documents stored unextracted by an earlier run, unless fetched again (the page stands for them)."""
    leftover = [item for item in pending if item.document.id not in fetched]
    return [Read(chunk, Batch()) for chunk in batched(leftover, size)]


def read_sources(
    store: Store,
    listed: SourceList,
    settings: Settings,
    step: StepRun,
    policy: FetchPolicy | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Read]:
    """Every batch the bare engine reads: web pages first, then pending documents, records, files."""
    size, cap = settings.batch_size, settings.max_document_bytes
    fetched = fetch_web(store, listed, step, policy or FetchPolicy(max_bytes=cap), client)
    yield from leftover_reads(fetching.pending_documents(store), fetched.provenance.keys(), size)
    yield from fetched.reads(size)
    records, texts = local_files(listed)
    yield from record_reads(records, step, size, cap)
    yield from file_reads(texts, step, size, cap)


def fetch_web(
    store: Store, listed: SourceList, step: StepRun, policy: FetchPolicy, client: httpx.Client | None
) -> fetching.Ingested:
    """Fetch the feeds, then their links and the listed pages, once each (no retries: the bare path)."""
    if not (listed.feeds or listed.urls):
        return fetching.Ingested()
    with ExitStack() as stack:
        http = client or stack.enter_context(make_client(policy))
        links = fetching.log_feeds(fetch_each(store, http, list(listed.feeds), policy), store)
        pages = fetch_each(store, http, list(dict.fromkeys([*listed.urls, *links])), policy)
        return fetching.ingest_fetched(pages, store, step)


def fetch_each(store: Store, client: httpx.Client, urls: list[str], policy: FetchPolicy) -> list[FetchResult]:
    validators = fetching.latest_validators(store, urls)
    return fetching.fetch_pages(client, urls, validators, policy, now().isoformat())
