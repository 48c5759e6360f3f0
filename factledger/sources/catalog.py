"""What a run reads: the sources file of a scheduled run, or the inputs named on the command line.

```yaml
feeds: [https://example.org/world/rss.xml]
urls: [https://example.org/world/2016/10/28/aleppo]
paths: [seeds]              # folders and files, as `factledger run` takes them
jsonl: [corpus/2016.jsonl]  # JSON Lines records: url, outlet, published, title, text
```
Relative paths are read from the working directory: the flow runs from the checkout.
`factledger run INPUT ...` sorts its inputs into the same lists (`classify_inputs`), so
either way a run reads one `SourceList` by one reading path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factledger.errors import ConfigError
from factledger.sources.files import check_input_path, is_records_file

KEYS = ("feeds", "urls", "paths", "jsonl")


@dataclass(frozen=True)
class SourceList:
    """Everything one run reads, each list in the order the file gives it."""

    feeds: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    jsonl: tuple[str, ...] = ()

    def merge(self, other: SourceList) -> SourceList:
        """Both lists' entries, each once, this list's first."""
        return SourceList(
            *(tuple(dict.fromkeys([*getattr(self, key), *getattr(other, key)])) for key in KEYS)
        )

    @property
    def empty(self) -> bool:
        return not any(getattr(self, key) for key in KEYS)


def classify_inputs(inputs: Sequence[str]) -> SourceList:
    """Command-line inputs sorted by kind: http(s) URLs are pages, `.jsonl` files are records,
    anything else a file or folder; a path that is missing or not a regular file is refused."""
    urls: list[str] = []
    paths: list[str] = []
    jsonl: list[str] = []
    for item in inputs:
        if item.startswith(("http://", "https://")):
            urls.append(item)
            continue
        path = check_input_path(Path(item))
        (jsonl if path.is_file() and is_records_file(path) else paths).append(item)
    return SourceList(
        urls=tuple(dict.fromkeys(urls)), paths=tuple(dict.fromkeys(paths)), jsonl=tuple(dict.fromkeys(jsonl))
    )


def load_sources(path: Path) -> SourceList:
    """Read and check a sources file; ConfigError says what is wrong with it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read sources: {error}") from error
    return parse_sources(data, str(path))


def parse_sources(data: Any, origin: str) -> SourceList:
    """A SourceList from already parsed YAML (a mapping of lists of strings)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: sources must be a mapping of {', '.join(KEYS)}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{origin}: unknown keys {', '.join(map(str, unknown))}")
    lists = {key: _strings(data.get(key) or [], key, origin) for key in KEYS}
    for url in lists["feeds"] + lists["urls"]:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{origin}: not an http(s) URL: {url}")
    return SourceList(**lists)


def _strings(value: Any, key: str, origin: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{origin}: {key} must be a list of strings")
    return tuple(dict.fromkeys(value))
