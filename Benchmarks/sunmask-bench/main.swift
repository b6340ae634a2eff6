// Benchmarks for `make bench`. They print measured figures and never fail on a time.
import Foundation

print("sunmask-bench: no benchmarks yet")
