// The parties' portal's answers from the api (/api/party/…), as the pages read them.
export interface Receipt { kind: string; sectionCode: string | null; issuedAt: string; sha256: string; trailSeq: number }

export interface DepositStatus {
  status: 'none' | 'received' | 'guaranteed' | 'refunded' | 'released';
  form: 'cash' | 'guarantee' | null;
  amountFen: number | null;
  receivedAt: string | null;
  payingAccount: string | null;
  guarantee: { number: string; issuer: string; validUntil: string } | null;
  refund: { reason: string; principalFen: number; interestFen: number; refundedOn: string; dueOn: string; onTime: boolean } | null;
  refusedPayments: Array<{ transactionId: string; amountFen: number; payerAccount: string; bookedAt: string; code: string }>;
}

export interface PartySection {
  sectionCode: string; name: string; estimateFen: number | null; depositRequiredFen: number | null;
  registration: { bidId: number; status: string; registeredAt: string; withdrawnAt: string | null; depositAccountNo: string | null } | null;
  deposit: DepositStatus | null;
}

export interface Question { id: number; sectionCode: string | null; question: string; askedAt: string; status: 'open' | 'answered'; answer: string | null; answeredAt: string | null; late: boolean }

export interface PartyDeal {
  dealCode: string; title: string; procedureKind: string; regionCode: string; status: string; bidDeadline: string | null; documentsOnSaleUntil: string | null;
  openForBidding: boolean; sandbox?: boolean; roles: Array<'tenderee' | 'agency' | 'bidder'>; sections: PartySection[];
  documents: Array<{ id: number; fileName: string; sha256: string; sizeBytes: number; createdAt: string }> | null;
  questions: { answered: Question[]; mine: Question[]; toAnswer: Question[] };
  receipts: Receipt[];
}

export interface OpenDeal {
  dealCode: string; title: string; procedureKind: string; bidDeadline: string; documentsOnSaleUntil: string | null;
  sections: Array<{ sectionCode: string; name: string; depositRequiredFen: number | null }>;
}

/** A section's first candidate of the committee's report, with its company's name and its bid as opened (where the bids were opened). */
export interface Candidate { sectionCode: string; winner: string; winnerName?: string | null; priceFen?: number; openedPriceFen?: number | null }

/** One of the deal's steps that is the party's own (GET /api/party/tasks, /api/party/deals/:dealCode/tasks). */
export interface PartyTask {
  taskId: string; workflowId: string; dealCode: string; nodeId: string; name: string | null; nameEn?: string | null; candidateRole: string; assignee: string | null;
  formKey: string | null; openedAt: string; dueAt: string | null; title?: string | null;
  form?: Record<string, unknown> | null;
  /** For the tenderee or agency: the committee's report it confirms (awards per section, the report's hash). */
  context?: { awards?: Candidate[]; reportSha256?: string };
}

export interface PartyComplaint {
  complaintNo: string; dealCode: string; grounds: string; knownOn: string; status: 'filed' | 'accepted' | 'rejected' | 'decided';
  dealSuspended: boolean; filedAt: string; acceptedAt: string | null; decision: string | null; decisionText: string | null; decidedAt: string | null;
}

/** A bidder's 异议 outside the opening hall (documents, evaluation result) as the api gives it. */
export interface DealObjection {
  id: number; dealCode: string; kind: 'documents' | 'result'; text: string; files: Array<{ sha256: string; fileName: string; sizeBytes: number }>;
  raisedAt: string; dueAt: string; status: 'pending' | 'answered'; overdue: boolean; answer: string | null; answeredAt: string | null; noticeId: number | null;
  basis: { zh: string; en: string };
  /** The organiser's, staff's and supervisors' view only. */
  objector?: { creditCode: string; name: string; person: string | null };
}

export interface DealObjections {
  mine: DealObjection[]; toAnswer: DealObjection[]; clarifications: DealObjection[]; hold: { held: boolean; since: string | null }; mayRaise: boolean; mayAnswer: boolean;
}
