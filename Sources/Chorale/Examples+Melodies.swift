// Public-domain tunes for the examples, README and end-to-end tests, as note lists with one
// line per bar (the comment gives the note names and lengths in 16ths; MIDI 60 = C4).

extension Melody {
    /// "Ode to Joy", the main theme of the finale of Beethoven's Ninth Symphony (1824), in G major.
    public static let odeToJoy = Melody(
        title: "Ode to Joy",
        source: "Ludwig van Beethoven, Symphony No. 9, finale theme (1824), transposed to G major",
        tempo: 100,
        notes: [
            .init(71, 4), .init(71, 4), .init(72, 4), .init(74, 4),  // B4/4 B4/4 C5/4 D5/4
            .init(74, 4), .init(72, 4), .init(71, 4), .init(69, 4),  // D5/4 C5/4 B4/4 A4/4
            .init(67, 4), .init(67, 4), .init(69, 4), .init(71, 4),  // G4/4 G4/4 A4/4 B4/4
            .init(71, 6), .init(69, 2), .init(69, 8),  // B4/6 A4/2 A4/8
            .init(71, 4), .init(71, 4), .init(72, 4), .init(74, 4),  // B4/4 B4/4 C5/4 D5/4
            .init(74, 4), .init(72, 4), .init(71, 4), .init(69, 4),  // D5/4 C5/4 B4/4 A4/4
            .init(67, 4), .init(67, 4), .init(69, 4), .init(71, 4),  // G4/4 G4/4 A4/4 B4/4
            .init(69, 6), .init(67, 2), .init(67, 8),  // A4/6 G4/2 G4/8
            .init(69, 4), .init(69, 4), .init(71, 4), .init(67, 4),  // A4/4 A4/4 B4/4 G4/4
            .init(69, 4), .init(71, 2), .init(72, 2), .init(71, 4), .init(67, 4),  // A4/4 B4/2 C5/2 B4/4 G4/4
            .init(69, 4), .init(71, 2), .init(72, 2), .init(71, 4), .init(69, 4),  // A4/4 B4/2 C5/2 B4/4 A4/4
            .init(67, 4), .init(69, 4), .init(62, 8),  // G4/4 A4/4 D4/8
            .init(71, 4), .init(71, 4), .init(72, 4), .init(74, 4),  // B4/4 B4/4 C5/4 D5/4
            .init(74, 4), .init(72, 4), .init(71, 4), .init(69, 4),  // D5/4 C5/4 B4/4 A4/4
            .init(67, 4), .init(67, 4), .init(69, 4), .init(71, 4),  // G4/4 G4/4 A4/4 B4/4
            .init(69, 6), .init(67, 2), .init(67, 8),  // A4/6 G4/2 G4/8
        ])

    /// "Ein feste Burg ist unser Gott" (Martin Luther, 1529), the soprano of Bach's setting BWV 80/8
    /// in D major, without the repeat of the first section.
    public static let einFesteBurg = Melody(
        title: "Ein feste Burg ist unser Gott",
        source: "Martin Luther (1529), soprano of J. S. Bach's chorale BWV 80/8 as encoded in the music21 10.5.1 corpus; pickup as a quarter note, final note lengthened to fill the bar",
        pickupSteps: 4,
        tempo: 72,
        notes: [
            .init(74, 4),  // D5/4
            .init(74, 4), .init(74, 4), .init(69, 2), .init(71, 2), .init(73, 4),  // D5/4 D5/4 A4/2 B4/2 C#5/4
            .init(74, 2), .init(73, 2), .init(71, 4), .init(69, 4), .init(74, 4),  // D5/2 C#5/2 B4/4 A4/4 D5/4
            .init(73, 4), .init(71, 4), .init(69, 4), .init(71, 2), .init(69, 2),  // C#5/4 B4/4 A4/4 B4/2 A4/2
            .init(67, 2), .init(66, 2), .init(64, 4), .init(62, 4), .init(62, 4),  // G4/2 F#4/2 E4/4 D4/4 D4/4
            .init(69, 4), .init(71, 4), .init(69, 4), .init(68, 4),  // A4/4 B4/4 A4/4 G#4/4
            .init(69, 8), .init(62, 4), .init(69, 4),  // A4/8 D4/4 A4/4
            .init(71, 4), .init(73, 4), .init(74, 4), .init(73, 4),  // B4/4 C#5/4 D5/4 C#5/4
            .init(74, 4), .init(73, 4), .init(71, 8),  // D5/4 C#5/4 B4/8
            .init(69, 4), .init(71, 4), .init(71, 4), .init(69, 4),  // A4/4 B4/4 B4/4 A4/4
            .init(71, 2), .init(69, 2), .init(67, 4), .init(66, 4), .init(74, 4),  // B4/2 A4/2 G4/4 F#4/4 D5/4
            .init(73, 4), .init(71, 4), .init(69, 4), .init(71, 2), .init(69, 2),  // C#5/4 B4/4 A4/4 B4/2 A4/2
            .init(67, 2), .init(66, 2), .init(64, 4), .init(62, 8),  // G4/2 F#4/2 E4/4 D4/8
        ])

    /// "Wachet auf, ruft uns die Stimme" (Philipp Nicolai, 1599), the soprano of Bach's setting
    /// BWV 140/7 in E-flat major, without the repeat of the first section.
    public static let wachetAuf = Melody(
        title: "Wachet auf, ruft uns die Stimme",
        source: "Philipp Nicolai (1599), soprano of J. S. Bach's chorale BWV 140/7 as encoded in the music21 10.5.1 corpus",
        tempo: 72,
        notes: [
            .init(63, 4), .init(67, 4), .init(70, 6), .init(70, 2),  // Eb4/4 G4/4 Bb4/6 Bb4/2
            .init(70, 4), .init(70, 4), .init(72, 8),  // Bb4/4 Bb4/4 C5/8
            .init(70, 8), .rest(4), .init(70, 4),  // Bb4/8 rest/4 Bb4/4
            .init(75, 4), .init(70, 4), .init(75, 2), .init(77, 2), .init(79, 4),  // Eb5/4 Bb4/4 Eb5/2 F5/2 G5/4
            .init(77, 4), .init(75, 4), .init(74, 4), .init(72, 4),  // F5/4 Eb5/4 D5/4 C5/4
            .init(70, 8), .rest(4), .init(70, 4),  // Bb4/8 rest/4 Bb4/4
            .init(75, 4), .init(70, 4), .init(72, 4), .init(67, 4),  // Eb5/4 Bb4/4 C5/4 G4/4
            .init(68, 2), .init(67, 2), .init(65, 4), .init(63, 4), .init(70, 4),  // Ab4/2 G4/2 F4/4 Eb4/4 Bb4/4
            .init(70, 6), .init(68, 2), .init(67, 4), .init(65, 4),  // Bb4/6 Ab4/2 G4/4 F4/4
            .init(63, 8), .rest(4), .init(70, 4),  // Eb4/8 rest/4 Bb4/4
            .init(70, 6), .init(68, 2), .init(67, 4), .init(65, 4),  // Bb4/6 Ab4/2 G4/4 F4/4
            .init(63, 8), .rest(4), .init(65, 4),  // Eb4/8 rest/4 F4/4
            .init(67, 4), .init(68, 4), .init(67, 4), .init(70, 4),  // G4/4 Ab4/4 G4/4 Bb4/4
            .init(72, 4), .init(74, 4), .init(75, 4), .init(75, 2), .init(77, 2),  // C5/4 D5/4 Eb5/4 Eb5/2 F5/2
            .init(79, 4), .init(77, 4), .init(75, 4), .init(70, 4),  // G5/4 F5/4 Eb5/4 Bb4/4
            .init(75, 4), .init(70, 4), .init(72, 4), .init(67, 4),  // Eb5/4 Bb4/4 C5/4 G4/4
            .init(68, 2), .init(67, 2), .init(65, 4), .init(63, 8),  // Ab4/2 G4/2 F4/4 Eb4/8
        ])

    /// The example melodies, in the order the README lists them.
    public static let examples: [Melody] = [odeToJoy, einFesteBurg, wachetAuf]
}
