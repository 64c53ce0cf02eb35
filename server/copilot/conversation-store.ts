import type { TranscriptMessage } from '../../core/models/model.ts';
import type { Postgres } from '../../core/stores/index.ts';
import { SegOpsError } from '../../core/errors.ts';

/** A conversation as the dashboard lists it. */
export interface ConversationSummary {
  id: string;
  title: string;
  created_at: Date;
  updated_at: Date;
}

/** One transcript message of a stored run: its place in the conversation, its role and content blocks. */
export interface StoredMessage extends TranscriptMessage {
  seq: number;
}

/** Conversations and their messages in Postgres, always scoped by workspace. */
export class ConversationStore {
  readonly #pg: Postgres;
  constructor(pg: Postgres) {
    this.#pg = pg;
  }

  /** Creates the conversation if it does not exist yet; refuses (and leaves untouched) an id of another workspace. */
  async ensure(workspaceId: string, id: string, title: string): Promise<void> {
    const rows = await this.#pg.query<{ workspace_id: string }>(
      `insert into conversations (id, workspace_id, title) values ($1, $2, $3)
       on conflict (id) do update set updated_at = now() where conversations.workspace_id = excluded.workspace_id
       returning workspace_id`,
      [id, workspaceId, title.slice(0, 120)],
    );
    if (rows[0]?.workspace_id !== workspaceId) throw notFound(id);
  }

  /** The transcript so far, oldest first, for the model to continue from. */
  async history(workspaceId: string, id: string, limit = 40): Promise<TranscriptMessage[]> {
    const rows = await this.#pg.query<{ role: 'user' | 'assistant'; content: TranscriptMessage['content'] }>(
      `select m.role, m.content from messages m join conversations c on c.id = m.conversation_id
       where m.conversation_id = $1 and c.workspace_id = $2
       order by m.seq desc limit $3`,
      [id, workspaceId, limit],
    );
    const messages = rows.reverse().map((row) => ({ role: row.role, content: row.content }));
    while (messages.length > 0 && !startsTurn(messages[0])) messages.shift();
    return messages;
  }

  /** Appends a run's messages after the conversation's last one, in one transaction. */
  async append(workspaceId: string, id: string, runId: string, messages: TranscriptMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.#pg.transaction(async (tx) => {
      const [row] = await tx.query<{ seq: number }>(
        `select coalesce(max(m.seq), 0) as seq from messages m
         where m.conversation_id = (select id from conversations where id = $1 and workspace_id = $2 for update)`,
        [id, workspaceId],
      );
      let seq = row?.seq ?? 0;
      for (const message of messages) {
        seq += 1;
        await tx.query(
          'insert into messages (id, conversation_id, run_id, seq, role, content) values ($1, $2, $3, $4, $5, $6)',
          [`${runId}_${seq}`, id, runId, seq, message.role, JSON.stringify(message.content)],
        );
      }
      await tx.query('update conversations set updated_at = now() where id = $1', [id]);
    });
  }

  /** The messages a run stored, in order; none for another workspace's run. */
  runMessages(workspaceId: string, runId: string): Promise<StoredMessage[]> {
    return this.#pg.query<StoredMessage>(
      `select m.seq, m.role, m.content from messages m join conversations c on c.id = m.conversation_id
       where m.run_id = $1 and c.workspace_id = $2 order by m.seq`,
      [runId, workspaceId],
    );
  }

  /** The workspace's conversations, newest first. */
  list(workspaceId: string, limit = 50): Promise<ConversationSummary[]> {
    return this.#pg.query<ConversationSummary>(
      'select id, title, created_at, updated_at from conversations where workspace_id = $1 order by updated_at desc limit $2',
      [workspaceId, limit],
    );
  }

  /** One conversation, or NOT_FOUND (also for another workspace's id). */
  async get(workspaceId: string, id: string): Promise<ConversationSummary> {
    const [row] = await this.#pg.query<ConversationSummary>(
      'select id, title, created_at, updated_at from conversations where id = $1 and workspace_id = $2',
      [id, workspaceId],
    );
    if (!row) throw notFound(id);
    return row;
  }

  /** Deletes a conversation with its messages and runs. */
  async delete(workspaceId: string, id: string): Promise<void> {
    const rows = await this.#pg.query('delete from conversations where id = $1 and workspace_id = $2 returning id', [id, workspaceId]);
    if (rows.length === 0) throw notFound(id);
  }
}

/** A transcript may only start with a user's own words, never with a dangling tool result. */
function startsTurn(message: TranscriptMessage): boolean {
  return message.role === 'user' && message.content.some((block) => block.type === 'text');
}

function notFound(id: string): SegOpsError {
  return new SegOpsError('NOT_FOUND', `conversation '${id}' does not exist`);
}
