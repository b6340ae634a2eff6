#!/usr/bin/env python3
"""Development check: load MusicXML exported from a JSB chorale in music21 and compare it
with the chorale in the dataset file.

It checks that there are 4 parts and that each part has ceil(steps / 16) measures (4/4, no
pickup). It then reads every part as 16th-note cells from music21's note offsets and compares
them with the chorale's voice: rests are -1, and the padding after the chorale's end is rests.

Produce the files with:
    SUNMASK_MUSICXML_EXPORT_DIR=/tmp/mx swift test --filter ChoraleTests.MusicXMLJSBTests
then run:
    /tmp/m21/bin/python Scripts/check_musicxml.py --jsb ../shared/data/Jsb16thSeparated.json \
        --split test --index 0 /tmp/mx/jsb-test-0.musicxml
Exits with status 1 and one line per mismatch when a check fails.
"""
import argparse
import json
import math
import sys

import music21


def part_cells(part, total_steps):
    """Returns the part as one MIDI pitch (or -1) per 16th-note step."""
    cells = [None] * total_steps
    for element in part.flatten().notesAndRests:
        start = element.offset * 4
        length = element.duration.quarterLength * 4
        if start != int(start) or length != int(length):
            raise ValueError(f"{element} at offset {element.offset} is not on the 16th-note grid")
        value = -1 if element.isRest else element.pitch.midi
        for step in range(int(start), int(start + length)):
            if step >= total_steps:
                raise ValueError(f"{element} at offset {element.offset} runs past the last measure")
            cells[step] = value
    return cells


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("musicxml")
    parser.add_argument("--jsb", required=True, help="path to Jsb16thSeparated.json")
    parser.add_argument("--split", default="test")
    parser.add_argument("--index", type=int, required=True)
    args = parser.parse_args()

    with open(args.jsb) as file:
        chorale = json.load(file)[args.split][args.index]
    steps = len(chorale)
    expected_measures = math.ceil(steps / 16)

    score = music21.converter.parse(args.musicxml)
    problems = []
    if len(score.parts) != 4:
        problems.append(f"expected 4 parts, found {len(score.parts)}")
    for voice, part in enumerate(score.parts):
        measures = part.getElementsByClass(music21.stream.Measure)
        if len(measures) != expected_measures:
            problems.append(f"part {voice}: expected {expected_measures} measures, found {len(measures)}")
        cells = part_cells(part, expected_measures * 16)
        expected = [step[voice] for step in chorale] + [-1] * (expected_measures * 16 - steps)
        mismatches = [step for step in range(len(expected)) if cells[step] != expected[step]]
        if mismatches:
            first = mismatches[0]
            problems.append(f"part {voice}: {len(mismatches)} steps differ, first at step {first}: "
                            f"{cells[first]} instead of {expected[first]}")
    key = score.analyze("key")
    print(f"{args.musicxml}: {len(score.parts)} parts, "
          f"{[len(p.getElementsByClass(music21.stream.Measure)) for p in score.parts]} measures "
          f"(expected {expected_measures}), {steps} steps; music21 key analysis: {key}")
    for problem in problems:
        print(f"error: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
