#!/usr/bin/env python3
"""Render the score: assets/music/src/*.toml -> MIDI -> WAV (fluidsynth) -> Ogg Vorbis.

    python tools/render_music.py            # every piece
    python tools/render_music.py korobeiniki dubinushka
    python tools/render_music.py --midi-only --out /tmp/mid   # no fluidsynth needed

Needs the Debian packages fluidsynth, fluid-soundfont-gm and vorbis-tools (the
soundfont, FluidR3_GM, is MIT-licensed). Players and CI need none of them: the
rendered .ogg files and assets/music/index.json are committed.

The source format (one TOML file per piece) is described in assets/music/README.md.
A piece is a melody with chord symbols, written bar by bar in phrases; its `form`
says which phrase is played in which order, by which instruments and in which
accompaniment style. This script is the arranger: it writes the bass, the inner
voice, the pads, the strummed or stabbed chords and the drums from the chords,
in the style each section asks for, then renders the result.

Everything here but `render()` is plain Python (no fluidsynth, no numpy), so the
tests can parse the sources and compare their declared lengths with the
committed files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import tomllib
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC_DIR = ROOT / "assets" / "music" / "src"
OUT_DIR = ROOT / "assets" / "music"
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
RATE = 44100
TPQ = 480  # MIDI ticks per quarter note
UNIT_TICKS = TPQ // 4  # durations in the sources are in sixteenth notes
OGG_QUALITY = "3"  # ~112 kbit/s stereo: clean strings and choir; all audio stays under 10 MB
TARGET_RMS_DB = -21.0  # every piece at about the same loudness
PEAK_LIMIT_DB = -1.5

MOODS = ("calm", "tense", "martial", "elegy")

# General MIDI programs by the names the sources use.
INSTRUMENTS: dict[str, int] = {
    "accordion": 21,
    "harmonica": 22,
    "bandoneon": 23,
    "domra": 24,  # nylon guitar, played as tremolo: the domra/balalaika sound
    "balalaika": 25,  # steel guitar, tremolo or strummed
    "harp": 46,
    "pizzicato": 45,
    "strings": 48,
    "slow_strings": 49,
    "choir": 52,
    "voices": 53,
    "cello": 42,
    "contrabass": 43,
    "violin": 40,
    "viola": 41,
    "trumpet": 56,
    "trombone": 57,
    "tuba": 58,
    "horn": 60,
    "brass": 61,
    "clarinet": 71,
    "oboe": 68,
    "bassoon": 70,
    "flute": 73,
    "timpani": 47,
    "bells": 14,
    "celesta": 8,
    "organ": 19,
}
TREMOLO = {"domra", "balalaika"}  # plucked leads are played as a tremolo on long notes

CHORD_QUALITIES: dict[str, tuple[int, ...]] = {
    "": (0, 4, 7),
    "m": (0, 3, 7),
    "7": (0, 4, 7, 10),
    "m7": (0, 3, 7, 10),
    "maj7": (0, 4, 7, 11),
    "dim": (0, 3, 6),
    "dim7": (0, 3, 6, 9),
    "sus4": (0, 5, 7),
    "aug": (0, 4, 8),
    "6": (0, 4, 7, 9),
    "m6": (0, 3, 7, 9),
}
STYLES = ("polka", "waltz", "march", "hymn", "pad", "drone", "tremolo", "none")
NOTE_BASE = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}


class ScoreError(ValueError):
    """A mistake in a source file, with the file and the place."""


# --- parsing -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Chord:
    root: int  # pitch class
    tones: tuple[int, ...]  # pitch classes, root first
    bass: int  # pitch class of the bass note


@dataclass
class Phrase:
    name: str
    bars: int
    melody: list[tuple[int | None, int, int]]  # (pitch or None for rest, start, duration)
    chords: list[tuple[Chord, int, int]]  # (chord, start, duration)


@dataclass
class Entry:
    phrase: str
    lead: str | None = "accordion"
    style: str = "polka"
    rhythm: str = "balalaika"
    pad: str | None = None
    bass: str = "contrabass"
    double: str | None = None  # a second instrument on the melody, an octave below
    second: str | None = None  # an inner voice under the melody (chord tones)
    drums: bool = False
    timpani: bool = False
    tempo: float | None = None
    dyn: int = 80
    octave: int = 0  # shift of the lead, in octaves


@dataclass
class Piece:
    id: str
    title: str
    mood: str
    origin: str
    tempo: float
    meter: int  # quarter-note beats per bar
    tail: float  # seconds kept after the last bar for the reverb to ring out
    transpose: int
    phrases: dict[str, Phrase]
    form: list[Entry]
    source: Path = field(repr=False, default=Path())

    @property
    def bar_units(self) -> int:
        return self.meter * 4

    def entry_tempo(self, e: Entry) -> float:
        return e.tempo or self.tempo

    def score_seconds(self) -> float:
        """Length of the notes: bars times the seconds per bar of each entry's tempo."""
        total = 0.0
        for e in self.form:
            total += self.phrases[e.phrase].bars * self.meter * 60.0 / self.entry_tempo(e)
        return total

    def seconds(self) -> float:
        """The rendered file's declared length: the score plus its tail."""
        return round(self.score_seconds() + self.tail, 3)


def parse_pitch(tok: str, where: str) -> int:
    t = tok.lower()
    if not t or t[0] not in NOTE_BASE:
        raise ScoreError(f"{where}: '{tok}' is not a note (e.g. c5, f#4, bb3)")
    pc = NOTE_BASE[t[0]]
    rest = t[1:]
    while rest[:1] in ("#", "b") and len(rest) > 1:
        pc += 1 if rest[0] == "#" else -1
        rest = rest[1:]
    if not rest.isdigit():
        raise ScoreError(f"{where}: '{tok}' needs an octave (c4 is middle C)")
    return 12 * (int(rest) + 1) + pc


def parse_chord(tok: str, where: str) -> Chord:
    name, _, bass = tok.partition("/")
    if not name or name[0].lower() not in NOTE_BASE:
        raise ScoreError(f"{where}: '{tok}' is not a chord (e.g. Am, E7, F#dim, C/G)")
    root = NOTE_BASE[name[0].lower()]
    i = 1
    if name[1:2] in ("#", "b"):  # no chord quality starts with "b": it is the flat sign
        root, i = root + (1 if name[1] == "#" else -1), 2
    quality = name[i:]
    if quality not in CHORD_QUALITIES:
        raise ScoreError(f"{where}: unknown chord quality '{quality}' in '{tok}'")
    tones = tuple((root + iv) % 12 for iv in CHORD_QUALITIES[quality])
    b = root % 12
    if bass:
        b = parse_pitch(bass + "0", where) % 12
    return Chord(root % 12, tones, b)


def _split_bars(text: str) -> list[list[str]]:
    bars = [b.split() for b in text.replace("\n", " ").split("|")]
    return [b for b in bars if b]


def _tokens(bar: list[str], where: str, last_dur: int) -> tuple[list[tuple[str, int]], int]:
    out = []
    for tok in bar:
        name, sep, dur = tok.partition(":")
        if sep:
            if not dur.isdigit() or int(dur) <= 0:
                raise ScoreError(f"{where}: bad duration in '{tok}' (sixteenths, e.g. e5:4)")
            last_dur = int(dur)
        out.append((name, last_dur))
    return out, last_dur


def parse_phrase(name: str, raw: dict[str, Any], bar_units: int, where: str) -> Phrase:
    if not isinstance(raw.get("melody"), str) or not isinstance(raw.get("chords"), str):
        raise ScoreError(f"{where}: phrase '{name}' needs 'melody' and 'chords' strings")
    mel_bars = _split_bars(raw["melody"])
    chord_bars = _split_bars(raw["chords"])
    if len(mel_bars) != len(chord_bars):
        raise ScoreError(
            f"{where}: phrase '{name}' has {len(mel_bars)} melody bars "
            f"and {len(chord_bars)} chord bars"
        )
    melody: list[tuple[int | None, int, int]] = []
    chords: list[tuple[Chord, int, int]] = []
    t = 0
    dur = 4
    for i, bar in enumerate(mel_bars):
        w = f"{where}: phrase '{name}' bar {i + 1}"
        toks, dur = _tokens(bar, w, dur)
        if sum(d for _, d in toks) != bar_units:
            raise ScoreError(
                f"{w}: melody lasts {sum(d for _, d in toks)} sixteenths, the bar {bar_units}"
            )
        for tok, d in toks:
            if tok in ("r", "z"):
                melody.append((None, t, d))
            elif tok == "-":  # tie: lengthen the previous note
                if not melody or melody[-1][0] is None:
                    raise ScoreError(f"{w}: a tie '-' needs a note before it")
                p, s, d0 = melody[-1]
                melody[-1] = (p, s, d0 + d)
            else:
                melody.append((parse_pitch(tok, w), t, d))
            t += d
    t = 0
    cdur = bar_units
    for i, bar in enumerate(chord_bars):
        w = f"{where}: phrase '{name}' chord bar {i + 1}"
        if len(bar) == 1 and ":" not in bar[0]:
            bar = [bar[0] + f":{bar_units}"]
        toks, cdur = _tokens(bar, w, cdur)
        if sum(d for _, d in toks) != bar_units:
            raise ScoreError(
                f"{w}: chords last {sum(d for _, d in toks)} sixteenths, the bar {bar_units}"
            )
        for tok, d in toks:
            if tok == "%" and chords:  # same chord as before
                c, s, d0 = chords[-1]
                chords[-1] = (c, s, d0 + d)
            else:
                chords.append((parse_chord(tok, w), t, d))
            t += d
    return Phrase(name, len(mel_bars), melody, chords)


def load_piece(path: Path) -> Piece:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScoreError(f"{path.name}: {exc}") from exc
    where = path.name
    for key in ("title", "mood", "origin", "tempo", "meter", "phrases", "form"):
        if key not in raw:
            raise ScoreError(f"{where}: missing '{key}'")
    if raw["mood"] not in MOODS:
        raise ScoreError(f"{where}: mood '{raw['mood']}' is not one of {', '.join(MOODS)}")
    meter = int(raw["meter"])
    phrases = {n: parse_phrase(n, p, meter * 4, where) for n, p in dict(raw["phrases"]).items()}
    form = []
    for i, e in enumerate(raw["form"]):
        entry = Entry(**e)
        w = f"{where}: form entry {i + 1}"
        if entry.phrase not in phrases:
            raise ScoreError(f"{w}: no phrase '{entry.phrase}'")
        if entry.style not in STYLES:
            raise ScoreError(f"{w}: style '{entry.style}' is not one of {', '.join(STYLES)}")
        for inst in (entry.lead, entry.rhythm, entry.pad, entry.bass, entry.double, entry.second):
            if inst is not None and inst not in INSTRUMENTS:
                raise ScoreError(f"{w}: unknown instrument '{inst}'")
        form.append(entry)
    return Piece(
        id=path.stem,
        title=str(raw["title"]),
        mood=str(raw["mood"]),
        origin=str(raw["origin"]),
        tempo=float(raw["tempo"]),
        meter=meter,
        tail=float(raw.get("tail", 3.0)),
        transpose=int(raw.get("transpose", 0)),
        phrases=phrases,
        form=form,
        source=path,
    )


def load_all(names: list[str] | None = None) -> list[Piece]:
    paths = sorted(SRC_DIR.glob("*.toml"))
    if names:
        paths = [p for p in paths if p.stem in names]
    return [load_piece(p) for p in paths]


# --- arranging ---------------------------------------------------------------------------
CH_LEAD, CH_DOUBLE, CH_RHYTHM, CH_PAD, CH_BASS, CH_SECOND, CH_TIMP, CH_DRUMS = (
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    9,
)
CHANNEL_SETUP = {  # channel: (volume, pan, reverb, chorus)
    CH_LEAD: (110, 60, 50, 10),
    CH_DOUBLE: (80, 72, 55, 10),
    CH_RHYTHM: (72, 40, 40, 20),
    CH_PAD: (70, 88, 80, 30),
    CH_BASS: (100, 64, 30, 0),
    CH_SECOND: (78, 80, 60, 15),
    CH_TIMP: (85, 64, 60, 0),
    CH_DRUMS: (70, 64, 40, 0),
}
KICK, SNARE, CYMBAL, SIDE = 36, 38, 49, 37


@dataclass
class Ev:
    tick: int
    order: int  # note-offs (0) before controls (1) before note-ons (2) at the same tick
    data: bytes


class Arranger:
    def __init__(self, piece: Piece) -> None:
        self.p = piece
        self.rng = random.Random(piece.id)  # the same source always renders the same
        self.events: dict[int, list[Ev]] = {ch: [] for ch in CHANNEL_SETUP}
        self.tempo_events: list[tuple[int, float]] = []
        self.prev_pad: list[int] | None = None
        self.prev_rhythm: list[int] | None = None

    # events
    def note(
        self, ch: int, pitch: int, start: int, dur: int, vel: int, jitter: bool = True
    ) -> None:
        if ch != CH_DRUMS:
            pitch += self.p.transpose
        if jitter and ch != CH_DRUMS:
            start += self.rng.randint(0, 6)
            vel += self.rng.randint(-5, 5)
        vel = max(1, min(127, vel))
        end = max(start + 1, start + dur - 4)
        self.events[ch].append(Ev(start, 2, bytes([0x90 | ch, pitch, vel])))
        self.events[ch].append(Ev(end, 0, bytes([0x80 | ch, pitch, 0])))

    def program(self, ch: int, name: str, tick: int) -> None:
        self.events[ch].append(Ev(tick, 1, bytes([0xC0 | ch, INSTRUMENTS[name]])))

    def arrange(self) -> None:
        tick = 0
        last: dict[int, str] = {}
        for e in self.p.form:
            ph = self.p.phrases[e.phrase]
            self.tempo_events.append((tick, self.p.entry_tempo(e)))
            for ch, inst in (
                (CH_LEAD, e.lead),
                (CH_DOUBLE, e.double),
                (CH_RHYTHM, e.rhythm),
                (CH_PAD, e.pad),
                (CH_BASS, e.bass),
                (CH_SECOND, e.second),
                (CH_TIMP, "timpani" if e.timpani else None),
            ):
                if inst is not None and last.get(ch) != inst:
                    self.program(ch, inst, max(0, tick - 1))
                    last[ch] = inst
            self.section(e, ph, tick)
            tick += ph.bars * self.p.bar_units * UNIT_TICKS

    def section(self, e: Entry, ph: Phrase, t0: int) -> None:
        u = UNIT_TICKS
        dyn = e.dyn
        if e.lead is not None:
            for pitch, s, d in ph.melody:
                if pitch is None:
                    continue
                p = pitch + 12 * e.octave
                accent = 6 if (s % self.p.bar_units) == 0 else 0
                if e.lead in TREMOLO and d >= 4:
                    step = 1  # sixteenth-note tremolo, as a balalaika or domra sustains
                    for k in range(d // step):
                        v = dyn + 2 + accent - (3 if k % 2 else 0)
                        self.note(CH_LEAD, p, t0 + (s + k * step) * u, step * u, v)
                else:
                    self.note(CH_LEAD, p, t0 + s * u, d * u, dyn + 8 + accent)
                if e.double is not None:
                    self.note(CH_DOUBLE, p - 12, t0 + s * u, d * u, dyn - 8)
        if e.second is not None:
            for pitch, s, d in self.inner_voice(ph, e.octave):
                self.note(CH_SECOND, pitch, t0 + s * u, d * u, dyn - 10)
        for chord, s, d in ph.chords:
            self.accompany(e, chord, t0, s, d)

    def inner_voice(self, ph: Phrase, octave: int) -> list[tuple[int, int, int]]:
        """A second voice under the melody: on each note of a quarter or longer, the
        highest chord tone a third to a sixth below it; shorter notes keep it."""
        out: list[tuple[int, int, int]] = []
        for pitch, s, d in ph.melody:
            if pitch is None:
                continue
            p = pitch + 12 * octave
            chord = next(c for c, cs, cd in ph.chords if cs <= s < cs + cd)
            if d < 4 and out:
                q, qs, qd = out[-1]
                out[-1] = (q, qs, s + d - qs)
                continue
            cands = [p - k for k in range(3, 10) if (p - k) % 12 in chord.tones]
            q = cands[0] if cands else p - 5
            if out and out[-1][0] == q and out[-1][1] + out[-1][2] == s:
                out[-1] = (q, out[-1][1], out[-1][2] + d)
            else:
                out.append((q, s, d))
        return out

    def voicing(self, chord: Chord, lo: int, hi: int, prev: list[int] | None) -> list[int]:
        """Three or four chord tones between lo and hi, moving as little as possible."""
        cands: list[list[int]] = []
        tones = list(chord.tones[:4])
        for base in range(lo, hi - 6):
            if base % 12 not in tones:
                continue
            v = [base]
            for tone in tones:
                if tone == base % 12:
                    continue
                n = v[-1] + 1
                while n % 12 != tone:
                    n += 1
                v.append(n)
            v.sort()
            if v[-1] <= hi:
                cands.append(v)
        if not cands:
            return sorted(lo + (t - lo) % 12 for t in tones)
        if prev is None:
            return cands[len(cands) // 2]
        return min(cands, key=lambda v: sum(abs(a - b) for a, b in zip(v, prev, strict=False)))

    def bass_pitch(self, pc: int) -> int:
        p = 36 + (pc - 36) % 12  # C2..B2
        return p - 12 if p > 45 else p  # keep it low: A1..A2

    def accompany(self, e: Entry, chord: Chord, t0: int, s: int, d: int) -> None:
        u = UNIT_TICKS
        beat = 4
        meter = self.p.meter
        dyn = e.dyn
        root = self.bass_pitch(chord.bass)
        fifth_pc = chord.tones[2] if len(chord.tones) > 2 else chord.tones[-1]
        fifth = self.bass_pitch(fifth_pc)
        if fifth > root + 7 or fifth < root - 7:
            fifth = fifth - 12 if fifth > root else fifth + 12
        if e.pad is not None and e.style != "none":
            v = self.voicing(chord, 55, 74, self.prev_pad)
            self.prev_pad = v
            for p in v:
                self.note(CH_PAD, p, t0 + s * u, d * u, dyn - 22, jitter=False)
        beats = range(s, s + d, beat)
        style = e.style
        if style in ("polka", "march", "waltz"):
            rv = self.voicing(chord, 53, 67, self.prev_rhythm)
            self.prev_rhythm = rv
        for i, b in enumerate(beats):
            bar_beat = (b // beat) % meter
            length = min(beat, s + d - b)
            at = t0 + b * u
            if style == "polka":
                bp = root if bar_beat % 2 == 0 else fifth
                self.note(CH_BASS, bp, at, 2 * u, dyn)
                if length >= 4:
                    for p in rv:
                        self.note(CH_RHYTHM, p, at + 2 * u, 2 * u, dyn - 14)
            elif style == "waltz":
                if bar_beat == 0:
                    self.note(CH_BASS, root, at, 4 * u, dyn)
                else:
                    for p in rv:
                        self.note(CH_RHYTHM, p, at, 3 * u, dyn - 16)
            elif style == "march":
                if bar_beat % 2 == 0:
                    bp = root if (bar_beat == 0 or i == 0) else fifth
                    self.note(CH_BASS, bp, at, 3 * u, dyn + 4)
                else:
                    for p in rv:
                        self.note(CH_RHYTHM, p, at, 2 * u, dyn - 10)
            elif style in ("hymn", "pad", "tremolo", "drone"):
                pass
        if style in ("hymn", "pad"):
            self.note(CH_BASS, root, t0 + s * u, d * u, dyn - (4 if style == "hymn" else 14))
        if style == "drone":
            # tense: the low strings repeat the root in eighths, accented on the beat
            for k in range(0, d, 2):
                self.note(CH_BASS, root, t0 + (s + k) * u, 2 * u, dyn - (0 if k % 4 == 0 else 12))
        if style == "tremolo":
            v = self.voicing(chord, 52, 66, self.prev_rhythm)
            self.prev_rhythm = v
            for k in range(d):
                for p in v:
                    self.note(
                        CH_RHYTHM, p, t0 + (s + k) * u, u, dyn - 24 + (4 if k % 4 == 0 else 0)
                    )
            self.note(CH_BASS, root, t0 + s * u, d * u, dyn - 12)
        if e.timpani and (s % self.p.bar_units) == 0:
            self.note(CH_TIMP, root + 12, t0 + s * u, 4 * u, dyn)
        if e.drums:
            for b in range(s, s + d, beat):
                bar_beat = (b // beat) % meter
                at = t0 + b * u
                if bar_beat % 2 == 0:
                    self.note(CH_DRUMS, KICK, at, u, dyn - 10)
                else:
                    self.note(CH_DRUMS, SNARE, at, u, dyn - 22)
                    self.note(CH_DRUMS, SNARE, at + 2 * u, u, dyn - 34)

    # output
    def midi(self) -> bytes:
        self.arrange()
        tracks = [self._tempo_track()]
        for ch, evs in self.events.items():
            if not evs:
                continue
            vol, pan, rev, cho = CHANNEL_SETUP[ch]
            head = [
                Ev(0, 1, bytes([0xB0 | ch, 7, vol])),
                Ev(0, 1, bytes([0xB0 | ch, 10, pan])),
                Ev(0, 1, bytes([0xB0 | ch, 91, rev])),
                Ev(0, 1, bytes([0xB0 | ch, 93, cho])),
            ]
            tracks.append(_track(head + evs))
        return b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), TPQ) + b"".join(tracks)

    def _tempo_track(self) -> bytes:
        evs = []
        for tick, bpm in self.tempo_events:
            us = round(60_000_000 / bpm)
            evs.append(Ev(tick, 0, b"\xff\x51\x03" + us.to_bytes(3, "big")))
        num = self.p.meter
        evs.append(Ev(0, 0, bytes([0xFF, 0x58, 4, num, 2, 24, 8])))
        return _track(evs)


def _vlq(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def _track(evs: list[Ev]) -> bytes:
    evs = sorted(evs, key=lambda e: (e.tick, e.order))
    body = bytearray()
    now = 0
    for e in evs:
        body += _vlq(e.tick - now) + e.data
        now = e.tick
    body += b"\x00\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(body)) + bytes(body)


def midi_bytes(piece: Piece) -> bytes:
    return Arranger(piece).midi()


# --- reading committed files (no decoder needed) ----------------------------------------
def ogg_seconds(path: Path) -> float:
    """Duration of an Ogg Vorbis file from its headers: the last page's granule
    position (samples) over the sample rate in the identification header."""
    data = path.read_bytes()
    if data[:4] != b"OggS":
        raise ValueError(f"{path.name}: not an Ogg file")
    ident = data.find(b"\x01vorbis")
    if ident < 0:
        raise ValueError(f"{path.name}: no Vorbis stream")
    rate = struct.unpack_from("<I", data, ident + 12)[0]
    last = data.rfind(b"OggS")
    granule = struct.unpack_from("<q", data, last + 6)[0]
    return granule / rate


# --- rendering ---------------------------------------------------------------------------
def _read_wav(path: Path) -> Any:
    import numpy as np

    with wave.open(str(path), "rb") as w:
        n, ch, width = w.getnframes(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(n)
    if width != 2:
        raise RuntimeError(f"unexpected sample width {width}")
    a = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    return a.reshape(-1, ch)


def _write_wav(path: Path, a: Any) -> None:
    import numpy as np

    pcm = (np.clip(a, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(a.shape[1])
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def finish(a: Any, seconds: float, tail: float) -> Any:
    """Exactly `seconds` long, the tail faded out, levelled to the common loudness."""
    import numpy as np

    n = round(seconds * RATE)
    if len(a) < n:
        a = np.vstack([a, np.zeros((n - len(a), a.shape[1]))])
    a = a[:n].copy()
    fade = min(len(a), round(max(tail, 0.5) * RATE))
    a[-fade:] *= np.linspace(1.0, 0.0, fade)[:, None] ** 2
    a[: round(0.01 * RATE)] *= np.linspace(0.0, 1.0, round(0.01 * RATE))[:, None]
    rms = float(np.sqrt(np.mean(a**2))) or 1e-9
    peak = float(np.abs(a).max()) or 1e-9
    gain = min(10 ** (TARGET_RMS_DB / 20) / rms, 10 ** (PEAK_LIMIT_DB / 20) / peak)
    return a * gain


def render(piece: Piece, tmp: Path) -> dict[str, Any]:
    mid = tmp / f"{piece.id}.mid"
    wav = tmp / f"{piece.id}.wav"
    mid.write_bytes(midi_bytes(piece))
    subprocess.run(
        ["fluidsynth", "-ni", "-q", "-g", "0.5", "-r", str(RATE), "-R", "1", "-C", "1",
         "-F", str(wav), str(SOUNDFONT), str(mid)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    a = finish(_read_wav(wav), piece.seconds(), piece.tail)
    _write_wav(wav, a)
    out = OUT_DIR / f"{piece.id}.ogg"
    subprocess.run(
        ["oggenc", "-Q", "-q", OGG_QUALITY, "-o", str(out), str(wav)],
        check=True,
        capture_output=True,
    )
    return {"file": out.name, "title": piece.title, "mood": piece.mood, "seconds": piece.seconds()}


def write_index(pieces: list[Piece]) -> Path:
    """assets/music/index.json: what the game reads (file, title, mood, length)."""
    index = [
        {"file": f"{p.id}.ogg", "title": p.title, "mood": p.mood, "seconds": p.seconds()}
        for p in sorted(pieces, key=lambda p: p.id)
    ]
    path = OUT_DIR / "index.json"
    path.write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pieces", nargs="*", help="piece ids (file names without .toml); default all")
    ap.add_argument("--midi-only", action="store_true", help="write MIDI files only")
    ap.add_argument("--out", type=Path, help="folder for --midi-only output")
    args = ap.parse_args(argv)
    try:
        pieces = load_all(args.pieces or None)
    except ScoreError as exc:
        print(f"render_music: {exc}", file=sys.stderr)
        return 1
    if args.midi_only:
        out = args.out or Path(tempfile.mkdtemp())
        out.mkdir(parents=True, exist_ok=True)
        for p in pieces:
            (out / f"{p.id}.mid").write_bytes(midi_bytes(p))
            print(f"{out / p.id}.mid  {p.seconds():6.1f} s  {p.mood}")
        return 0
    for tool in ("fluidsynth", "oggenc"):
        if shutil.which(tool) is None:
            print(f"render_music: '{tool}' not found (apt-get install fluidsynth "
                  "fluid-soundfont-gm vorbis-tools)", file=sys.stderr)  # fmt: skip
            return 1
    if not SOUNDFONT.exists():
        print(f"render_music: no soundfont at {SOUNDFONT}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for p in pieces:
            info = render(p, Path(tmp))
            size = (OUT_DIR / info["file"]).stat().st_size
            print(f"{info['file']:24} {info['seconds']:6.1f} s  {size / 1e6:5.2f} MB  {p.mood}")
    write_index(load_all())
    return 0


if __name__ == "__main__":
    sys.exit(main())
