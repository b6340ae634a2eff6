#!/usr/bin/env python3
"""Compare the Swift grader with the published "Bach or Mock" grader on the same pieces.

Development tool, not part of the product. Steps (each writes JSON into --work):

  pieces     cut the JSB test split into 128-step chunks and add degraded copies
             (voice swaps, two voices a tritone up, random notes), seeded
  reference  grade the pieces with the reference grader, its Bach distributions fitted on
             the JSB training split read through the same grid pipeline
  compare    read the Swift grades (written by `swift test --filter GradingExportTests` with
             SUNMASK_GRADE_PIECES / SUNMASK_GRADE_OUTPUT set) and report Spearman's rank
             correlation of the overall grades and the median absolute difference per feature

The reference code is not part of this repository: pass --reference-src, a folder holding its
`Grader/` and `transformer_bach/` packages, and run with a Python that has music21, scipy, numpy.
"""
import argparse
import json
import os
import pickle
import random
import statistics
import sys

FEATURES = ['note', 'rhythm', 'parallelError', 'harmonicQuality', 'sopranoInterval',
            'altoInterval', 'tenorInterval', 'bassInterval', 'repeatedSequence']
REFERENCE_FEATURES = ['note', 'rhythm', 'parallel_error', 'harmonic_quality',
                      'S_directed_interval', 'A_directed_interval', 'T_directed_interval',
                      'B_directed_interval', 'repeated_sequence']


def grids_of_split(jsb, split):
    """Return each chorale as four rows (S, A, T, B) of MIDI pitches, -1 = rest."""
    return [[[step[v] for step in chorale] for v in range(4)] for chorale in jsb[split]]


def chunks(grids, length=128):
    for grid in grids:
        for start in range(0, len(grid[0]) - length + 1, length):
            yield [row[start:start + length] for row in grid]


def runs(row):
    start = 0
    for step in range(1, len(row) + 1):
        if step == len(row) or row[step] != row[start]:
            yield start, step - start, row[start]
            start = step


def swap_voices(grid, rng):
    a, b = rng.sample(range(4), 2)
    swapped = [list(row) for row in grid]
    swapped[a], swapped[b] = grid[b], grid[a]
    return swapped


def tritone_voices(grid, rng):
    moved = [list(row) for row in grid]
    for v in rng.sample(range(4), 2):
        moved[v] = [p if p < 0 else min(127, p + 6) for p in grid[v]]
    return moved


def random_notes(grid, rng):
    """Half of the notes of each voice get a random pitch within the voice's range in the chunk."""
    changed = []
    for row in grid:
        pitches = [p for p in row if p >= 0]
        new_row = list(row)
        if pitches:
            low, high = min(pitches), max(pitches)
            for start, length, pitch in runs(row):
                if pitch >= 0 and rng.random() < 0.5:
                    new_pitch = rng.randint(low, high)
                    new_row[start:start + length] = [new_pitch] * length
        changed.append(new_row)
    return changed


def make_pieces(args):
    with open(args.jsb) as f:
        jsb = json.load(f)
    rng = random.Random(args.seed)
    bach = list(chunks(grids_of_split(jsb, 'test')))
    rng.shuffle(bach)
    bach = bach[:args.count]
    pieces = []
    for index, grid in enumerate(bach):
        pieces.append({'name': f'bach-{index}', 'set': 'bach', 'grid': grid})
        pieces.append({'name': f'swap-{index}', 'set': 'voiceSwap', 'grid': swap_voices(grid, rng)})
        pieces.append({'name': f'tritone-{index}', 'set': 'tritone', 'grid': tritone_voices(grid, rng)})
        pieces.append({'name': f'random-{index}', 'set': 'randomNotes', 'grid': random_notes(grid, rng)})
    with open(os.path.join(args.work, 'pieces.json'), 'w') as f:
        json.dump({'pieces': pieces}, f)
    print(f'{len(pieces)} pieces from {len(bach)} Bach test chunks')


def to_score(grid):
    """Build the grid as a music21 score: one part per voice, each run of equal cells one note or rest."""
    from music21 import note, pitch, stream
    score = stream.Score()
    for row in grid:
        part = stream.Part()
        for start, length, midi in runs(row):
            if midi < 0:
                element = note.Rest()
            else:
                p = pitch.Pitch()
                p.midi = midi
                element = note.Note(p)
            element.duration.quarterLength = length / 4
            part.append(element)
        score.insert(0, part)
    return score


def make_reference(args):
    sys.path.insert(0, args.reference_src)
    from Grader.grader import Grader
    cache = os.path.join(args.work, 'reference-distributions.pickle')
    if os.path.exists(cache):
        with open(cache, 'rb') as f:
            distributions = pickle.load(f)
    else:
        with open(args.jsb) as f:
            jsb = json.load(f)
        train = grids_of_split(jsb, 'train')[:args.train_limit]

        def scores():
            for index, grid in enumerate(train):
                print(f'fitting on training chorale {index + 1}/{len(train)}', flush=True)
                yield to_score(grid)
        grader = Grader(REFERENCE_FEATURES, iterator=scores())
        distributions = (grader.distributions, grader.parallel_error_note_ratio)
        with open(cache, 'wb') as f:
            pickle.dump(distributions, f)
    grader = Grader(REFERENCE_FEATURES, distributions=distributions)
    with open(os.path.join(args.work, 'pieces.json')) as f:
        pieces = json.load(f)['pieces']
    grades = {}
    for piece in pieces:
        overall, vector = grader.grade_chorale(to_score(piece['grid']))
        grades[piece['name']] = {'overall': float(overall),
                                 'features': dict(zip(FEATURES, map(float, vector)))}
    with open(os.path.join(args.work, 'reference-grades.json'), 'w') as f:
        json.dump(grades, f)
    print(f'graded {len(grades)} pieces with the reference')


def spearman(x, y):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2
            i = j + 1
        return result
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5


def compare(args):
    with open(os.path.join(args.work, 'pieces.json')) as f:
        pieces = json.load(f)['pieces']
    with open(os.path.join(args.work, 'reference-grades.json')) as f:
        reference = json.load(f)
    with open(os.path.join(args.work, 'swift-grades.json')) as f:
        swift = json.load(f)
    names = [p['name'] for p in pieces]
    finite = [n for n in names if reference[n]['overall'] != float('inf')]
    print(f'pieces: {len(names)}, reference infinite: {len(names) - len(finite)}')
    # An infinite reference grade ranks last, as its finite Swift counterpart should.
    ref_overall = [min(reference[n]['overall'], 1e9) for n in names]
    swift_overall = [swift[n]['overall'] for n in names]
    print(f'Spearman rank correlation of overall grades (all {len(names)}): {spearman(ref_overall, swift_overall):.3f}')
    print(f'Spearman on pieces with finite reference grades ({len(finite)}): '
          f'{spearman([reference[n]["overall"] for n in finite], [swift[n]["overall"] for n in finite]):.3f}')
    print('median |swift - reference| per feature (finite pieces):')
    for feature in FEATURES:
        diffs = [abs(swift[n]['features'][feature] - reference[n]['features'][feature]) for n in finite]
        print(f'  {feature:18s} {statistics.median(diffs):.4f}')
    print('median overall grade per set (swift / reference):')
    for name in ['bach', 'voiceSwap', 'tritone', 'randomNotes']:
        members = [p['name'] for p in pieces if p['set'] == name]
        print(f'  {name:12s} {statistics.median(swift[n]["overall"] for n in members):7.3f} / '
              f'{statistics.median(reference[n]["overall"] for n in members):7.3f}')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('step', choices=['pieces', 'reference', 'compare'])
    parser.add_argument('--work', required=True, help='folder for the JSON files')
    parser.add_argument('--jsb', default='../shared/data/Jsb16thSeparated.json')
    parser.add_argument('--reference-src', help='folder holding the reference Grader/ package')
    parser.add_argument('--count', type=int, default=40, help='Bach chunks; each adds three degraded copies')
    parser.add_argument('--seed', type=int, default=8)
    parser.add_argument('--train-limit', type=int, default=None,
                        help='fit the reference on the first N training chorales only (it is slow)')
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    {'pieces': make_pieces, 'reference': make_reference, 'compare': compare}[args.step](args)


if __name__ == '__main__':
    main()
