#!/usr/bin/env python3
"""Check safetensors files with plain numpy and json, independently of the Swift code.

A development check, not part of the test suite. It needs only Python 3 and numpy.

    python3 Scripts/check_safetensors.py read FILE
        Parse FILE, check its layout (header length, JSON, dtypes, shapes, contiguous offsets
        that cover the whole data section), and print each tensor with its first values.
        Exits with status 1 and a message on the first problem.

    python3 Scripts/check_safetensors.py write-fixture FILE
        Write the fixture that SafeTensorsBytesTests reads (numpy_written.safetensors): known
        values in F32, F16, BF16, F64 and I64, with metadata, laid out the way this script
        chooses (json.dumps spacing, tensors in a different order from the Swift writer).
"""

import json
import struct
import sys

import numpy as np

# Element types numpy can view directly, little-endian. BF16 is read as uint16 and widened.
NUMPY_DTYPES = {
    "BOOL": "?", "U8": "<u1", "I8": "<i1", "I16": "<i2", "U16": "<u2", "F16": "<f2",
    "I32": "<i4", "U32": "<u4", "F32": "<f4", "F64": "<f8", "I64": "<i8", "U64": "<u8",
    "BF16": "<u2",
}
MAX_HEADER = 100_000_000


def fail(path, message):
    sys.exit(f"{path}: {message}")


def read(path):
    """Parse and check the file at path, returning (metadata, {name: float32 array})."""
    with open(path, "rb") as handle:
        blob = handle.read()
    if len(blob) < 8:
        fail(path, f"only {len(blob)} bytes, shorter than the header length field")
    (header_length,) = struct.unpack("<Q", blob[:8])
    if header_length > MAX_HEADER or 8 + header_length > len(blob):
        fail(path, f"header length {header_length} does not fit the {len(blob)}-byte file")
    header = json.loads(blob[8:8 + header_length].decode("utf-8"))
    data = blob[8 + header_length:]
    if (8 + header_length) % 8 != 0:
        print(f"note: data section starts at byte {8 + header_length}, not a multiple of 8")

    metadata = header.pop("__metadata__", {})
    if not all(isinstance(value, str) for value in metadata.values()):
        fail(path, "a __metadata__ value is not a string")

    ranges = []
    tensors = {}
    for name, entry in header.items():
        if set(entry) != {"dtype", "shape", "data_offsets"}:
            fail(path, f"tensor {name} has keys {sorted(entry)}")
        dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        if dtype not in NUMPY_DTYPES:
            fail(path, f"tensor {name} has dtype {dtype}, which this script does not read")
        item_size = np.dtype(NUMPY_DTYPES[dtype]).itemsize
        count = int(np.prod(shape, dtype=np.int64))
        if end - begin != count * item_size:
            fail(path, f"tensor {name} {dtype} {shape} needs {count * item_size} bytes, has {end - begin}")
        raw = np.frombuffer(data, dtype=NUMPY_DTYPES[dtype], count=count, offset=begin)
        if dtype == "BF16":
            values = (raw.astype(np.uint32) << 16).view(np.float32)
        else:
            values = raw.astype(np.float32)
        tensors[name] = values.reshape(shape)
        ranges.append((begin, end, name))

    covered = 0
    for begin, end, name in sorted(ranges):
        if begin != covered:
            fail(path, f"tensor {name} starts at {begin}, expected {covered} (gap or overlap)")
        covered = end
    if covered != len(data):
        fail(path, f"tensors cover {covered} bytes of a {len(data)}-byte data section")
    return metadata, tensors


def write_fixture(path):
    """Write the numpy-built fixture whose values the Swift tests know."""
    bf16 = (np.array([1.5, -3.0, 0.15625], dtype="<f4").view("<u4") >> 16).astype("<u2")
    tensors = {
        "ramp": ("F32", [2, 3], np.arange(6, dtype="<f4") * 0.5 - 1.0),
        "half": ("F16", [4], np.array([1.0, -0.5, 65504.0, 2.0 ** -24], dtype="<f2")),
        "brain": ("BF16", [3], bf16),
        "scalar": ("F64", [], np.array(0.1, dtype="<f8")),
        "count": ("I64", [3], np.array([-3, 0, 7], dtype="<i8")),
        "empty": ("F32", [0, 5], np.zeros((0, 5), dtype="<f4")),
    }
    header = {"__metadata__": {"config": json.dumps({"width": 8}), "note": "written by numpy"}}
    chunks = []
    offset = 0
    # Largest elements first keeps each tensor aligned to its element size.
    for name in ["scalar", "count", "ramp", "empty", "half", "brain"]:
        dtype, shape, values = tensors[name]
        raw = values.tobytes()
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("read", "write-fixture"):
        sys.exit(__doc__)
    command, path = sys.argv[1], sys.argv[2]
    if command == "write-fixture":
        write_fixture(path)
        print(f"wrote {path}")
        return
    metadata, tensors = read(path)
    print(f"{path}: {len(tensors)} tensors, metadata keys {sorted(metadata)}")
    for name, values in sorted(tensors.items()):
        flat = values.reshape(-1)
        print(f"  {name}: shape {list(values.shape)} first values {flat[:4].tolist()}")


if __name__ == "__main__":
    main()
