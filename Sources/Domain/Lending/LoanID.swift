/// Khoản vay, as the tag of its id: `LoanID` and `JournalEntry.ID` are both strings underneath
/// (ids are strings in the API and the database) but a loan's id cannot be passed for an entry's.
public enum Loan {}

/// Mã khoản vay.
public typealias LoanID = Identifier<Loan>

/// Mã bút toán.
public typealias EntryID = JournalEntry.ID
