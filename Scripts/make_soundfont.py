#!/usr/bin/env python3
"""Generate the small General MIDI SoundFont that ships in SoundFonts/.

The file is a SoundFont 2.01 bank (RIFF form `sfbk`) built only from sounds this
script computes: single-cycle additive waveforms, looped, one sample per octave
for each of three timbres. Four instruments (pipe organ, soft voice, reed and a
decaying "struck" tone) cover all 128 General MIDI programs of bank 0, so any
program change finds a preset, and bank 128 holds one percussion kit. The output
is byte-for-byte reproducible.

Usage: python3 Scripts/make_soundfont.py [OUTPUT]   (default SoundFonts/sunmask-gm.sf2)
Python 3 standard library only.
"""

import math
import os
import struct
import sys

# Sample rate the waveforms are designed around. Each sample stores its own
# rate in its header (see `period_and_rate`), close to this value.
NOMINAL_RATE = 44100
# Highest harmonic frequency kept at the top key of a sample's key range, in Hz,
# so pitching a sample up within its range stays below the Nyquist frequency.
HARMONIC_CEILING_HZ = 16000.0
# One sample per octave: the root keys (C1 … C8) and the key range each covers.
ROOT_KEYS = [24, 36, 48, 60, 72, 84, 96, 108]
# The SoundFont specification asks for at least 46 zero samples after each sample.
ZERO_PADDING = 46
PEAK_AMPLITUDE = 0.8 * 32767

# Generator numbers from the SoundFont 2.01 specification, section 8.1.2.
GEN_VIB_LFO_TO_PITCH = 6
GEN_REVERB_SEND = 16
GEN_DELAY_VIB_LFO = 23
GEN_FREQ_VIB_LFO = 24
GEN_ATTACK_VOL_ENV = 34
GEN_HOLD_VOL_ENV = 35
GEN_DECAY_VOL_ENV = 36
GEN_SUSTAIN_VOL_ENV = 37
GEN_RELEASE_VOL_ENV = 38
GEN_INSTRUMENT = 41
GEN_KEY_RANGE = 43
GEN_INITIAL_ATTENUATION = 48
GEN_SAMPLE_ID = 53
GEN_SAMPLE_MODES = 54
SAMPLE_MODE_LOOP_CONTINUOUSLY = 1
SAMPLE_TYPE_MONO = 1

# Relative amplitudes of harmonics 1, 2, 3, … for each timbre.
TIMBRES = {
    # Drawbar-like pipe organ: strong octaves and fifths.
    "organ": [1.0, 0.7, 0.45, 0.4, 0.2, 0.22, 0.0, 0.15, 0.08],
    # Rounded "ooh": mostly the fundamental, a little second and third harmonic.
    "voice": [1.0, 0.3, 0.1, 0.04, 0.02],
    # Bright reed or bowed tone: a band-limited sawtooth, amplitude 1/h.
    "reed": [1.0 / h for h in range(1, 25)],
}

# The 128 General MIDI level 1 program names, zero-based program numbers 0 … 127.
GM_PROGRAM_NAMES = [
    "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
    "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
    "Celesta", "Glockenspiel", "Music Box", "Vibraphone",
    "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
    "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
    "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
    "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
    "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
    "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
    "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
    "Violin", "Viola", "Cello", "Contrabass",
    "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
    "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
    "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
    "Trumpet", "Trombone", "Tuba", "Muted Trumpet",
    "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
    "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax",
    "Oboe", "English Horn", "Bassoon", "Clarinet",
    "Piccolo", "Flute", "Recorder", "Pan Flute",
    "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
    "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
    "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
    "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
    "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
    "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
    "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
    "Sitar", "Banjo", "Shamisen", "Koto",
    "Kalimba", "Bagpipe", "Fiddle", "Shanai",
    "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock",
    "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
    "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet",
    "Telephone Ring", "Helicopter", "Applause", "Gunshot",
]
assert len(GM_PROGRAM_NAMES) == 128


def seconds_to_timecents(seconds):
    """SoundFont envelope times are timecents: 1200 * log2(seconds)."""
    return round(1200 * math.log2(seconds))


# Instruments: (name, timbre whose samples it plays, generators applied to every zone).
# Volume-envelope sustain is an attenuation in centibels (0 = full level).
INSTRUMENTS = [
    ("Pipe Organ", "organ", [
        (GEN_ATTACK_VOL_ENV, seconds_to_timecents(0.008)),
        (GEN_RELEASE_VOL_ENV, seconds_to_timecents(0.12)),
        (GEN_REVERB_SEND, 150),
    ]),
    ("Soft Voice", "voice", [
        (GEN_DELAY_VIB_LFO, seconds_to_timecents(0.25)),
        (GEN_FREQ_VIB_LFO, round(1200 * math.log2(5.0 / 8.176))),  # 5 Hz, in absolute cents
        (GEN_VIB_LFO_TO_PITCH, 12),  # ±12 cents
        (GEN_ATTACK_VOL_ENV, seconds_to_timecents(0.06)),
        (GEN_RELEASE_VOL_ENV, seconds_to_timecents(0.25)),
        (GEN_REVERB_SEND, 200),
    ]),
    ("Reed", "reed", [
        (GEN_DELAY_VIB_LFO, seconds_to_timecents(0.3)),
        (GEN_FREQ_VIB_LFO, round(1200 * math.log2(5.5 / 8.176))),
        (GEN_VIB_LFO_TO_PITCH, 8),
        (GEN_ATTACK_VOL_ENV, seconds_to_timecents(0.03)),
        (GEN_RELEASE_VOL_ENV, seconds_to_timecents(0.15)),
        (GEN_INITIAL_ATTENUATION, 30),
        (GEN_REVERB_SEND, 150),
    ]),
    ("Struck", "organ", [
        (GEN_ATTACK_VOL_ENV, seconds_to_timecents(0.002)),
        (GEN_HOLD_VOL_ENV, seconds_to_timecents(0.02)),
        (GEN_DECAY_VOL_ENV, seconds_to_timecents(2.5)),
        (GEN_SUSTAIN_VOL_ENV, 960),  # decays to -96 dB: the note dies away while held
        (GEN_RELEASE_VOL_ENV, seconds_to_timecents(0.3)),
        (GEN_REVERB_SEND, 150),
    ]),
]
INSTRUMENT_INDEX = {name: index for index, (name, _, _) in enumerate(INSTRUMENTS)}


def instrument_for_program(program):
    """Map a zero-based General MIDI program to one of the four instruments."""
    if 16 <= program <= 23 or 80 <= program <= 87 or 96 <= program <= 103:
        return INSTRUMENT_INDEX["Pipe Organ"]  # organs, synth leads, synth effects
    if 40 <= program <= 44 or 48 <= program <= 55 or 72 <= program <= 79 or 88 <= program <= 95:
        return INSTRUMENT_INDEX["Soft Voice"]  # solo and ensemble strings, choirs, flutes, pads
    if 56 <= program <= 71:
        return INSTRUMENT_INDEX["Reed"]  # brass, saxophones, double reeds, clarinet
    return INSTRUMENT_INDEX["Struck"]  # pianos, mallets, guitars, basses, harp, percussion, effects


def key_frequency(key):
    return 440.0 * 2.0 ** ((key - 69) / 12.0)


def period_and_rate(root):
    """Choose an integer period N and a sample rate so that rate / N is the root's pitch.

    A loop of whole periods is then seamless, and the pitch error comes only from
    rounding the rate to an integer: below 0.05 cent at these rates.
    """
    frequency = key_frequency(root)
    period = round(NOMINAL_RATE / frequency)
    rate = round(frequency * period)
    return period, rate


def key_range(index):
    root = ROOT_KEYS[index]
    low = 0 if index == 0 else root - 6
    high = 127 if index == len(ROOT_KEYS) - 1 else root + 5
    return low, high


def single_cycle(amplitudes, period, max_harmonic):
    """One period of the additive waveform, normalised to PEAK_AMPLITUDE, as int16 values."""
    harmonics = [(h, a) for h, a in enumerate(amplitudes, start=1) if a > 0 and h <= max_harmonic]
    values = []
    for n in range(period):
        phase = 2.0 * math.pi * n / period
        values.append(sum(a * math.sin(h * phase) for h, a in harmonics))
    peak = max(abs(v) for v in values)
    return [round(v / peak * PEAK_AMPLITUDE) for v in values]


def build_samples():
    """Return the smpl data (list of int16) and one header tuple per (timbre, root)."""
    data = []
    headers = []  # (name, start, end, loop_start, loop_end, rate, root)
    sample_ids = {}
    for timbre, amplitudes in TIMBRES.items():
        for index, root in enumerate(ROOT_KEYS):
            period, rate = period_and_rate(root)
            _, high = key_range(index)
            top_frequency = key_frequency(min(high, root + 5))
            max_harmonic = max(1, min(int(HARMONIC_CEILING_HZ // top_frequency), (period - 1) // 2))
            cycle = single_cycle(amplitudes, period, max_harmonic)

            # Layout: lead-in periods (at least 8 points), the loop (at least 64 points),
            # one more period after the loop end so interpolation sees continuous data,
            # then the zero padding the specification requires.
            lead_periods = max(1, math.ceil(8 / period))
            loop_periods = max(1, math.ceil(64 / period))
            start = len(data)
            loop_start = start + lead_periods * period
            loop_end = loop_start + loop_periods * period
            end = loop_end + period
            data.extend(cycle * (lead_periods + loop_periods + 1))
            data.extend([0] * ZERO_PADDING)

            sample_ids[(timbre, index)] = len(headers)
            headers.append((f"{timbre}-{root}", start, end, loop_start, loop_end, rate, root))
    return data, headers, sample_ids


def chunk(identifier, payload):
    """A RIFF chunk: four-character id, little-endian size, payload, pad byte to even length."""
    padding = b"\0" if len(payload) % 2 else b""
    return identifier + struct.pack("<I", len(payload)) + payload + padding


def list_chunk(form, subchunks):
    return chunk(b"LIST", form + b"".join(subchunks))


def zstr(text):
    """A zero-terminated string padded to an even length, as the INFO chunks require."""
    raw = text.encode("ascii") + b"\0"
    return raw + b"\0" if len(raw) % 2 else raw


def name20(text):
    raw = text.encode("ascii")[:20]
    return raw + b"\0" * (20 - len(raw))


def build_pdta(headers, sample_ids):
    # Instruments: one zone per root key, every zone carrying the envelope generators.
    inst = b""
    ibag = b""
    igen = b""
    generator_count = 0
    zone_count = 0
    for name, timbre, generators in INSTRUMENTS:
        inst += name20(name) + struct.pack("<H", zone_count)
        for index in range(len(ROOT_KEYS)):
            ibag += struct.pack("<HH", generator_count, 0)
            zone_count += 1
            low, high = key_range(index)
            # keyRange must be the first generator of a zone and sampleID the last.
            zone = [(GEN_KEY_RANGE, None, (low, high))]
            zone += [(g, v, None) for g, v in generators]
            zone += [(GEN_SAMPLE_MODES, SAMPLE_MODE_LOOP_CONTINUOUSLY, None)]
            zone += [(GEN_SAMPLE_ID, sample_ids[(timbre, index)], None)]
            for operator, amount, byte_range in zone:
                if byte_range is not None:
                    igen += struct.pack("<HBB", operator, *byte_range)
                else:
                    igen += struct.pack("<Hh", operator, amount)
                generator_count += 1
    inst += name20("EOI") + struct.pack("<H", zone_count)
    ibag += struct.pack("<HH", generator_count, 0)
    igen += struct.pack("<HH", 0, 0)
    imod = b"\0" * 10

    # Presets: bank 0, programs 0 … 127, each one zone whose only generator picks an instrument.
    phdr = b""
    pbag = b""
    pgen = b""
    for program, name in enumerate(GM_PROGRAM_NAMES):
        phdr += name20(name) + struct.pack("<HHHIII", program, 0, program, 0, 0, 0)
        pbag += struct.pack("<HH", program, 0)
        pgen += struct.pack("<HH", GEN_INSTRUMENT, instrument_for_program(program))
    # Bank 128 program 0, the General MIDI percussion channel's kit, so a synthesizer
    # finds a preset for channel 10 too. It plays the struck tone at each key's pitch.
    phdr += name20("Standard Kit") + struct.pack("<HHHIII", 0, 128, 128, 0, 0, 0)
    pbag += struct.pack("<HH", 128, 0)
    pgen += struct.pack("<HH", GEN_INSTRUMENT, INSTRUMENT_INDEX["Struck"])
    phdr += name20("EOP") + struct.pack("<HHHIII", 0, 0, 129, 0, 0, 0)
    pbag += struct.pack("<HH", 129, 0)
    pgen += struct.pack("<HH", 0, 0)
    pmod = b"\0" * 10

    shdr = b""
    for name, start, end, loop_start, loop_end, rate, root in headers:
        shdr += name20(name) + struct.pack("<IIIIIBbHH", start, end, loop_start, loop_end,
                                           rate, root, 0, 0, SAMPLE_TYPE_MONO)
    shdr += name20("EOS") + struct.pack("<IIIIIBbHH", 0, 0, 0, 0, 0, 0, 0, 0, 0)

    return list_chunk(b"pdta", [
        chunk(b"phdr", phdr), chunk(b"pbag", pbag), chunk(b"pmod", pmod), chunk(b"pgen", pgen),
        chunk(b"inst", inst), chunk(b"ibag", ibag), chunk(b"imod", imod), chunk(b"igen", igen),
        chunk(b"shdr", shdr),
    ])


def build_soundfont():
    data, headers, sample_ids = build_samples()
    info = list_chunk(b"INFO", [
        chunk(b"ifil", struct.pack("<HH", 2, 1)),
        chunk(b"isng", zstr("EMU8000")),
        chunk(b"INAM", zstr("SUNMASK General MIDI")),
        chunk(b"ICOP", zstr("CC0 1.0: no rights reserved")),
        chunk(b"ICMT", zstr("Additive looped waveforms generated by Scripts/make_soundfont.py")),
        chunk(b"ISFT", zstr("make_soundfont.py")),
    ])
    sdta = list_chunk(b"sdta", [chunk(b"smpl", struct.pack(f"<{len(data)}h", *data))])
    pdta = build_pdta(headers, sample_ids)
    return chunk(b"RIFF", b"sfbk" + info + sdta + pdta)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "SoundFonts", "sunmask-gm.sf2")
    payload = build_soundfont()
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    temporary = output + ".tmp"
    with open(temporary, "wb") as file:
        file.write(payload)
    os.replace(temporary, output)
    print(f"wrote {output} ({len(payload)} bytes)")


if __name__ == "__main__":
    main()
