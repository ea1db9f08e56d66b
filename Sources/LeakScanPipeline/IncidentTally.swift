import LeakScanCore

/// One batch's incidents counted by rule, category and severity, for ``ScanSummary`` to add
/// once per batch. A batch holds the incidents of a few rules, whose ids are the same few
/// strings (one storage each, so comparing an incident's id with the entry's is equal at the
/// first word): a short list searched in turn. Hashing every incident's rule id into the
/// summary's dictionary, with the id retained for the call, was 1 % of a scan of real posts.
struct IncidentTally {
    struct Entry {
        let rule: String
        let category: Category
        let severity: Severity
        var count: Int
    }

    private(set) var entries = [Entry]()

    /// Counts `incidents`, each read in place: an incident passed or iterated is a copy, a
    /// dozen strings retained and released.
    mutating func count(_ incidents: ArraySlice<Incident>) {
        incidents.withUnsafeBufferPointer { incidents in
            next: for incident in incidents.indices {
                for index in entries.indices
                where entries[index].category == incidents[incident].category && entries[index].severity == incidents[incident].severity
                    && entries[index].rule == incidents[incident].rule
                {
                    entries[index].count += 1
                    continue next
                }
                entries.append(
                    Entry(
                        rule: incidents[incident].rule, category: incidents[incident].category, severity: incidents[incident].severity,
                        count: 1))
            }
        }
    }
}
