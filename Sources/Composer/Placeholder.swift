import Chorale
