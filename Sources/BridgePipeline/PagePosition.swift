import BridgeMapping

/// Where a walk through a paged source stands — the page number, or the cursor or next link — and how many
/// items it has read; shared by the poller (which commits each page) and the source audit (which only reads).
struct PagePosition: Sendable {
    var page: Int
    var token: String?
    /// Items read so far (page and offset styles stop at the total the source gives).
    var seen = 0

    init(_ paging: PagingSpec, token: String? = nil) {
        page = paging.firstPage
        self.token = paging.isNumbered ? nil : token
    }

    /// Moves past a page that held `items` items, given the total and next token the page gave; false when
    /// the source has no more pages (an empty page, the total reached, no next token or the same one again).
    mutating func advance(_ paging: PagingSpec, items: Int, total: Int?, next: String?) -> Bool {
        switch paging.style {
        case .page, .offset:
            seen += items
            if items == 0 || total.map({ seen >= $0 }) == true { return false }
            page += 1
        case .cursor, .next:
            guard let next, next != token else { return false }
            token = next
        }
        return true
    }
}
