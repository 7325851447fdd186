-- Every check of a pass (online, by number or credential) reads the list of
-- revoked passes (store/passes.c SQL_REVOKED: state = 'revoked', by number).
-- The indexes of passes are led by region or applicant, so both engines read
-- every issued pass through the unique index on number to find the few
-- revoked: a check's time grew with the passes issued (make scale: 3.3 ms at
-- 1,000 passes, 13.8 ms at 4,000). A partial index holds only the revoked.
CREATE INDEX passes_revoked ON passes (number) WHERE state = 'revoked';
