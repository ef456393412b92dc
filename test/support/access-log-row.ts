/** A row of audit.access_log as the e2e tests read it with SQL (snake-case columns); pick the columns a query selects. */
export interface AccessLogRow {
  seq: string;
  occurred_at: Date | null;
  user_id: string | null;
  organisation_id: string | null;
  role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  purpose: string;
  outcome: string;
  client_address: string | null;
  correlation_id: string | null;
}
