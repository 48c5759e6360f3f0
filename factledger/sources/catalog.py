"""The sources file: which feeds, pages, folders and JSON Lines files a scheduled run reads.

```yaml
feeds: [https://example.org/world/rss.xml]
urls: [https://example.org/world/2016/10/28/aleppo]
paths: [seeds]              # folders and files, as `factledger run` takes them
jsonl: [corpus/2016.jsonl]  # JSON Lines records: url, outlet, published, title, text
```
Relative paths are read from the working directory: the flow runs from the checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factledger.errors import ConfigError

KEYS = ("feeds", "urls", "paths", "jsonl")


@dataclass(frozen=True)
class SourceList:
    """Everything one run reads, each list in the order the file gives it."""

    feeds: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    jsonl: tuple[str, ...] = ()


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
