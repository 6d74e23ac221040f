"""The video sites whose players a page may show, and their privacy-friendly addresses.

An editor pastes the address of a video's page as the browser shows it; this module
turns it into the address of the host's player in its least tracking form (YouTube's
``youtube-nocookie.com``, Vimeo's ``dnt=1``), or says in the editor's language why it
cannot. Pure functions over strings: the media block (cms/core/blocks/media.py) checks
what editors enter with them, the templates and the APIs build players from them.

Only hosts that can be embedded from the address alone are listed: SoundCloud, for
example, needs a call to its oEmbed service to learn a track's number, which would send
each page's visitors' or editors' requests there; audio is uploaded to the document
library instead. The Content-Security-Policy must let the listed player origins be framed
(``PLAYER_ORIGINS``, for cms/settings/base.py's ``frame-src``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Host:
    """A video site: its name for visitors, where its player comes from, and an example
    of the address editors copy (shown when they paste something else)."""

    name: str
    player_domain: str
    player_origin: str
    example: str


YOUTUBE = Host(
    "YouTube",
    "youtube-nocookie.com",
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com/watch?v=M7lc1UVf-VE",
)
VIMEO = Host("Vimeo", "player.vimeo.com", "https://player.vimeo.com", "https://vimeo.com/76979871")
DAILYMOTION = Host(
    "Dailymotion",
    "dailymotion.com",
    "https://geo.dailymotion.com",
    "https://www.dailymotion.com/video/x8abcd1",
)
HOSTS = (YOUTUBE, VIMEO, DAILYMOTION)
# For the site's Content-Security-Policy (frame-src): nothing else may be framed.
PLAYER_ORIGINS = tuple(host.player_origin for host in HOSTS)


@dataclass(frozen=True)
class ExternalPlayer:
    """One video on a supported host: the player to frame once the visitor asks
    (``embed_url``) and the host's own page for it (``watch_url``), for visitors
    without JavaScript."""

    host: Host
    video_id: str
    embed_url: str
    watch_url: str

    @property
    def autoplay_url(self) -> str:
        """The player that starts at once: framed only after a click on “Load and play”."""
        separator = "&" if "?" in self.embed_url else "?"
        return f"{self.embed_url}{separator}autoplay=1"


class UnsupportedMediaAddress(ValueError):
    """An address no player can be made from; the message is for the editor."""


def hosts_list() -> str:
    return ", ".join(host.name for host in HOSTS)


def external_player(url: str) -> ExternalPlayer:
    """The player of the video at ``url``, or :class:`UnsupportedMediaAddress` saying
    (in the active language) what to paste instead."""
    parts = urlsplit((url or "").strip())
    domain = (parts.hostname or "").lower()
    for prefix in ("www.", "m."):
        domain = domain.removeprefix(prefix)
    if parts.scheme not in ("http", "https") or domain not in _PARSERS:
        raise UnsupportedMediaAddress(
            _(
                "Videos from this address cannot be shown. Supported sites: %(hosts)s. "
                "Or upload the file to the document library."
            )
            % {"hosts": hosts_list()}
        )
    host, parse = _PARSERS[domain]
    query = parse_qs(parts.query)
    player = parse([segment for segment in parts.path.split("/") if segment], query)
    if player is None:
        raise UnsupportedMediaAddress(
            _(
                "This %(host)s address does not lead to one video: copy the address of the "
                "video's own page, for example %(example)s."
            )
            % {"host": host.name, "example": host.example}
        )
    return player


def _first(query: dict[str, list[str]], name: str) -> str:
    return (query.get(name) or [""])[0]


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


def _youtube_start(query: dict[str, list[str]]) -> int:
    """Where a shared link starts (``t=90``, ``t=1m30s``, ``start=90``), in seconds."""
    match = _YOUTUBE_TIME.match(_first(query, "t") or _first(query, "start"))
    if match is None:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _youtube(
    path: list[str], query: dict[str, list[str]], short: bool = False
) -> ExternalPlayer | None:
    if short:
        video_id = path[0] if len(path) == 1 else ""
    elif path == ["watch"]:
        video_id = _first(query, "v")
    elif len(path) == 2 and path[0] in ("embed", "shorts", "live", "v"):
        video_id = path[1]
    else:
        video_id = ""
    if not _YOUTUBE_ID.match(video_id):
        return None
    start = _youtube_start(query)
    return ExternalPlayer(
        host=YOUTUBE,
        video_id=video_id,
        embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}"
        + (f"?start={start}" if start else ""),
        watch_url=f"https://www.youtube.com/watch?v={video_id}" + (f"&t={start}s" if start else ""),
    )


_NUMBER = re.compile(r"^\d+$")
_VIMEO_HASH = re.compile(r"^[0-9a-f]{6,}$")


def _vimeo(
    path: list[str], query: dict[str, list[str]], player: bool = False
) -> ExternalPlayer | None:
    unlisted_hash = ""
    if player:
        video_id = path[1] if len(path) == 2 and path[0] == "video" else ""
        unlisted_hash = _first(query, "h")
    elif len(path) in (1, 2) and _NUMBER.match(path[0]):
        video_id = path[0]
        unlisted_hash = path[1] if len(path) == 2 else ""
    elif len(path) == 3 and path[0] == "channels":
        video_id = path[2]
    elif len(path) == 4 and (path[0], path[2]) in (("groups", "videos"), ("showcase", "video")):
        video_id = path[3]
    else:
        video_id = ""
    if not _NUMBER.match(video_id) or (unlisted_hash and not _VIMEO_HASH.match(unlisted_hash)):
        return None
    # dnt=1: Vimeo's player then sets no tracking cookies and sends no analytics.
    parameters = {"dnt": "1", **({"h": unlisted_hash} if unlisted_hash else {})}
    return ExternalPlayer(
        host=VIMEO,
        video_id=video_id,
        embed_url=f"https://player.vimeo.com/video/{video_id}?{urlencode(parameters)}",
        watch_url=f"https://vimeo.com/{video_id}" + (f"/{unlisted_hash}" if unlisted_hash else ""),
    )


_DAILYMOTION_ID = re.compile(r"^x[0-9a-zA-Z]+$")


def _dailymotion(
    path: list[str], query: dict[str, list[str]], short: bool = False
) -> ExternalPlayer | None:
    if short:
        video_id = path[0] if len(path) == 1 else ""
    elif len(path) == 2 and path[0] == "video":
        video_id = path[1].split("_", 1)[0]  # /video/x8abcd1_the-title
    elif len(path) == 3 and path[:2] == ["embed", "video"]:
        video_id = path[2]
    elif path == ["player.html"]:
        video_id = _first(query, "video")
    else:
        video_id = ""
    if not _DAILYMOTION_ID.match(video_id):
        return None
    return ExternalPlayer(
        host=DAILYMOTION,
        video_id=video_id,
        embed_url=f"https://geo.dailymotion.com/player.html?video={video_id}",
        watch_url=f"https://www.dailymotion.com/video/{video_id}",
    )


_Parser = Callable[[list[str], dict[str, list[str]]], ExternalPlayer | None]
# Domains (without www. or m.) → host and the parser of their addresses' paths.
_PARSERS: dict[str, tuple[Host, _Parser]] = {
    "youtube.com": (YOUTUBE, _youtube),
    "youtube-nocookie.com": (YOUTUBE, _youtube),
    "youtu.be": (YOUTUBE, lambda path, query: _youtube(path, query, short=True)),
    "vimeo.com": (VIMEO, _vimeo),
    "player.vimeo.com": (VIMEO, lambda path, query: _vimeo(path, query, player=True)),
    "dailymotion.com": (DAILYMOTION, _dailymotion),
    "geo.dailymotion.com": (DAILYMOTION, _dailymotion),
    "dai.ly": (DAILYMOTION, lambda path, query: _dailymotion(path, query, short=True)),
}
