import XCTest
import Composer
