import Foundation

print("sunmask: not yet implemented")
