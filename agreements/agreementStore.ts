import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../subgraphs/kit/database';
import { agreementRecord, date, nullableDate, requestRecord, type AgreementRow, type ApplicationRow, type ApprovalRow, type EventRow, type OperationRow, type RequestRow } from './storeRows';
import type { AgreementRecord, ApplicationRecord, SharingRequestRecord, WorkflowEventRecord } from './records';
import type { CheckedSubmission } from './submission';
import { checkRevocation, requestOutcome, seatsFor, seatsToDecide, type Actor, type Decision, type SeatStatus } from './workflow';
import { WorkflowError } from './workflowError';

/**
 * The agreements database's reads and writes (migrations/001_init.sql). Each workflow step is one
 * transaction that locks the request (or agreement), applies workflow.ts's rules to what it read, and
 * appends its events: two stewards deciding at once cannot both be the last approval, and a decision
 * never lands on a request decided meanwhile. The tables' triggers NOTIFY govgraph_agreements.
 */
export type { AgreementRecord, ApplicationRecord, ApprovalRecord, SharingRequestRecord, WorkflowEventRecord } from './records';

export interface RequestFilter {
  ids?: readonly string[];
  status?: SeatStatus;
  clientId?: string;
}

export interface AgreementFilter {
  ids?: readonly string[];
  clientId?: string;
}

export interface DecisionResult {
  request: SharingRequestRecord;
  /** The agreement the last approval made. */
  agreement?: AgreementRecord;
}

export interface AgreementStore {
  applications(clientIds?: readonly string[]): Promise<ApplicationRecord[]>;
  submit(submission: CheckedSubmission, clientId: string, actor: Actor): Promise<SharingRequestRecord>;
  decide(requestId: string, actor: Actor, decision: Decision, reason: string | undefined): Promise<DecisionResult>;
  revoke(agreementId: string, actor: Actor, reason: string): Promise<AgreementRecord>;
  requests(filter?: RequestFilter): Promise<SharingRequestRecord[]>;
  agreements(filter?: AgreementFilter): Promise<AgreementRecord[]>;
  /** The events of a request and of the agreement it made, oldest first. */
  events(requestId: string): Promise<WorkflowEventRecord[]>;
  /** Whether no request was ever submitted (the seed fills an empty store only). */
  isEmpty(): Promise<boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id that is not a uuid names nothing: NOT_FOUND, rather than PostgreSQL's cast error. */
function knownId(id: string, what: string): string {
  const lower = typeof id === 'string' ? id.toLowerCase() : '';
  if (!UUID.test(lower)) throw new WorkflowError('NOT_FOUND', `No ${what} ${String(id).slice(0, 64)}.`);
  return lower;
}


export function createAgreementStore(db: Database): AgreementStore {
  const transaction = <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => db.transaction(work);
  const appendEvent = (client: pg.PoolClient, event: { actor: string; action: string; requestId?: string; agreementId?: string; detail?: string }) =>
    client.query('INSERT INTO agreement_events (actor, action, request_id, agreement_id, detail) VALUES ($1, $2, $3, $4, $5)', [
      event.actor,
      event.action,
      event.requestId ?? null,
      event.agreementId ?? null,
      event.detail ?? null,
    ]);

  const requests = async (filter: RequestFilter = {}): Promise<SharingRequestRecord[]> => {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.ids) {
      values.push(filter.ids.filter((id) => UUID.test(id)));
      conditions.push(`r.id = ANY($${values.length}::uuid[])`);
    }
    if (filter.status) {
      values.push(filter.status);
      conditions.push(`r.status = $${values.length}`);
    }
    if (filter.clientId) {
      values.push(filter.clientId);
      conditions.push(`r.client_id = $${values.length}`);
    }
    const rows = await db.query<RequestRow>(
      `SELECT r.*, a.id AS agreement_id FROM sharing_requests r LEFT JOIN agreements a ON a.request_id = r.id
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY r.submitted_at DESC, r.id`,
      values,
    );
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [operations, approvals] = await Promise.all([
      db.query<OperationRow>('SELECT * FROM requested_operations WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, position', [ids]),
      db.query<ApprovalRow>(
        `SELECT * FROM approvals WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, seat = 'privacy-officer', seat`,
        [ids],
      ),
    ]);
    return rows.map((row) => requestRecord(row, operations.filter((operation) => operation.request_id === row.id), approvals.filter((approval) => approval.request_id === row.id)));
  };

  const agreements = async (filter: AgreementFilter = {}): Promise<AgreementRecord[]> => {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.ids) {
      values.push(filter.ids.filter((id) => UUID.test(id)));
      conditions.push(`a.id = ANY($${values.length}::uuid[])`);
    }
    if (filter.clientId) {
      values.push(filter.clientId);
      conditions.push(`a.client_id = $${values.length}`);
    }
    const rows = await db.query<AgreementRow>(
      `SELECT a.*, (SELECT array_agg(seat ORDER BY seat) FROM approvals s WHERE s.request_id = a.request_id) AS seats
         FROM agreements a ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY a.created_at DESC, a.id`,
      values,
    );
    if (rows.length === 0) return [];
    const operations = await db.query<{ agreement_id: string; name: string; document_hash: string }>(
      'SELECT agreement_id, name, document_hash FROM agreement_operations WHERE agreement_id = ANY($1::uuid[]) ORDER BY name',
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => agreementRecord(row, operations.filter((operation) => operation.agreement_id === row.id)));
  };

  const oneRequest = async (id: string): Promise<SharingRequestRecord> => {
    const [request] = await requests({ ids: [id] });
    if (!request) throw new WorkflowError('NOT_FOUND', `No data-sharing request ${id}.`);
    return request;
  };
  const oneAgreement = async (id: string): Promise<AgreementRecord> => {
    const [agreement] = await agreements({ ids: [id] });
    if (!agreement) throw new WorkflowError('NOT_FOUND', `No agreement ${id}.`);
    return agreement;
  };

  return {
    async applications(clientIds) {
      const rows = await db.query<ApplicationRow>(
        `SELECT * FROM applications ${clientIds ? 'WHERE client_id = ANY($1::text[])' : ''} ORDER BY client_id`,
        clientIds ? [clientIds] : [],
      );
      return rows.map((row) => ({ clientId: row.client_id, name: row.name, seedSystem: row.seed_system, owningUnit: row.owning_unit, contacts: row.contacts }));
    },

    async submit(submission, clientId, actor) {
      const id = randomUUID();
      await transaction(async (client) => {
        const known = await client.query('SELECT 1 FROM applications WHERE client_id = $1', [clientId]);
        if (known.rowCount === 0) throw new WorkflowError('FORBIDDEN', `${clientId.slice(0, 64)} is not a registered application: only applications submit data-sharing requests.`);
        await client.query(
          `INSERT INTO sharing_requests (id, client_id, title, justification, purpose, legal_basis, valid_from, valid_to, submitted_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, clientId, submission.title, submission.justification, submission.purpose.name, [...submission.purpose.legalBasis], submission.period.validFrom, submission.period.validTo, actor.username],
        );
        for (const [position, operation] of submission.operations.entries()) {
          await client.query(
            `INSERT INTO requested_operations (request_id, position, name, document, document_hash, variables, agencies, fields)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [id, position, operation.name, operation.document, operation.documentHash, operation.variables, operation.agencies, JSON.stringify(operation.fields)],
          );
        }
        const seats = seatsFor(submission.agencies);
        await client.query('INSERT INTO approvals (request_id, seat) SELECT $1, unnest($2::text[])', [id, seats]);
        await appendEvent(client, {
          actor: actor.username,
          action: 'submitted',
          requestId: id,
          detail: `${submission.operations.map((operation) => operation.name).join(', ')} under ${submission.purpose.name}; seats ${seats.join(', ')}`,
        });
      });
      return oneRequest(id);
    },

    async decide(requestId, actor, decision, reason) {
      const id = knownId(requestId, 'data-sharing request');
      const made = await transaction(async (client) => {
        const { rows } = await client.query<RequestRow>('SELECT * FROM sharing_requests WHERE id = $1 FOR UPDATE', [id]);
        const request = rows[0];
        if (!request) throw new WorkflowError('NOT_FOUND', `No data-sharing request ${id}.`);
        const approvals = (await client.query<ApprovalRow>('SELECT * FROM approvals WHERE request_id = $1 ORDER BY seat', [id])).rows;
        const seats = seatsToDecide(
          {
            clientId: request.client_id,
            status: request.status,
            submittedBy: request.submitted_by,
            approvals: approvals.map((approval) => ({ seat: approval.seat, status: approval.status, decidedBySubject: approval.decided_by_subject })),
          },
          actor,
          decision,
          reason,
        );
        const status: SeatStatus = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
        const cleanReason = reason?.trim() || null;
        await client.query(
          `UPDATE approvals SET status = $3, decided_by = $4, decided_by_subject = $5, decided_at = now(), reason = $6
            WHERE request_id = $1 AND seat = ANY($2::text[]) AND status = 'PENDING'`,
          [id, seats, status, actor.username, actor.subject, cleanReason],
        );
        for (const seat of seats) {
          await appendEvent(client, { actor: actor.username, action: status === 'APPROVED' ? 'approved' : 'rejected', requestId: id, detail: cleanReason ? `${seat}: ${cleanReason}` : seat });
        }
        const after = approvals.map((approval) => ({ seat: approval.seat, status: seats.includes(approval.seat) ? status : approval.status }));
        const outcome = requestOutcome(after);
        if (outcome === 'PENDING') return undefined;
        await client.query('UPDATE sharing_requests SET status = $2, decided_at = now() WHERE id = $1', [id, outcome]);
        if (outcome === 'REJECTED') {
          await appendEvent(client, { actor: actor.username, action: 'request-rejected', requestId: id, detail: cleanReason ?? undefined });
          return undefined;
        }
        const agreementId = randomUUID();
        const approvers = approvals.map((approval) => (seats.includes(approval.seat) ? actor.username : approval.decided_by!));
        await client.query(
          `INSERT INTO agreements (id, request_id, client_id, purpose, legal_basis, valid_from, valid_to, approvers)
           SELECT $1, id, client_id, purpose, legal_basis, valid_from, valid_to, $3 FROM sharing_requests WHERE id = $2`,
          [agreementId, id, [...new Set(approvers)]],
        );
        await client.query(
          'INSERT INTO agreement_operations (agreement_id, name, document, document_hash) SELECT $1, name, document, document_hash FROM requested_operations WHERE request_id = $2',
          [agreementId, id],
        );
        await appendEvent(client, { actor: actor.username, action: 'agreement-made', requestId: id, agreementId, detail: `approved by ${[...new Set(approvers)].join(', ')}` });
        return agreementId;
      });
      const request = await oneRequest(id);
      return made ? { request, agreement: await oneAgreement(made) } : { request };
    },

    async revoke(agreementId, actor, reason) {
      const id = knownId(agreementId, 'agreement');
      await transaction(async (client) => {
        const { rows } = await client.query<AgreementRow>(
          `SELECT a.*, (SELECT array_agg(seat ORDER BY seat) FROM approvals s WHERE s.request_id = a.request_id) AS seats
             FROM agreements a WHERE a.id = $1 FOR UPDATE OF a`,
          [id],
        );
        const row = rows[0];
        if (!row) throw new WorkflowError('NOT_FOUND', `No agreement ${id}.`);
        checkRevocation({ clientId: row.client_id, seats: row.seats ?? [], revokedAt: nullableDate(row.revoked_at) }, actor, reason);
        await client.query('UPDATE agreements SET revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1', [id, actor.username, reason.trim()]);
        await appendEvent(client, { actor: actor.username, action: 'revoked', requestId: row.request_id, agreementId: id, detail: reason.trim() });
      });
      return oneAgreement(id);
    },

    requests,
    agreements,

    async events(requestId) {
      if (!UUID.test(requestId)) return [];
      const rows = await db.query<EventRow>(
        `SELECT at, actor, action, detail, request_id, agreement_id FROM agreement_events
          WHERE request_id = $1 OR agreement_id IN (SELECT id FROM agreements WHERE request_id = $1) ORDER BY id`,
        [requestId],
      );
      return rows.map((row) => ({ at: date(row.at), actor: row.actor, action: row.action, detail: row.detail, requestId: row.request_id, agreementId: row.agreement_id }));
    },

    async isEmpty() {
      const rows = await db.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM sharing_requests) AS empty');
      return rows[0]!.empty;
    },
  };
}
