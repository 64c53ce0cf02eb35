import { requestJson } from './api.ts';
import { toApiError } from './api-error.ts';
import { activeTurn, chatReducer, emptyChat, type ChatAction, type ChatState, type StoredTurn } from './chat-reducer.ts';
import { streamChat } from './run-stream.ts';

/** One entry of the conversation history. */
export interface ConversationSummary {
  id: string;
  title: string;
  updated_at: string;
}

let turnCounter = 0;

/** Where the open conversation's id is kept, so a reload (or a deep link in the same tab) reopens it. */
export const OPEN_CONVERSATION_KEY = 'segops.openConversation';

function remember(id: string | undefined): void {
  try {
    if (id) sessionStorage.setItem(OPEN_CONVERSATION_KEY, id);
    else sessionStorage.removeItem(OPEN_CONVERSATION_KEY);
  } catch {
    // storage unavailable (private mode, SSR): the panel still works, it just starts empty after a reload
  }
}

/**
 * The copilot panel's state: a thin Svelte binding over `chatReducer`. It owns the one streaming request,
 * the stop button (cancel the run, abort the stream) and the conversation history.
 */
export class Copilot {
  chat = $state.raw<ChatState>(emptyChat);
  history = $state.raw<ConversationSummary[]>([]);
  historyLoading = $state(false);
  historyError = $state.raw<ReturnType<typeof toApiError> | undefined>();
  opening = $state(false);
  #controller: AbortController | undefined;

  /** Whether a question is being answered (the stop button shows, the send button waits). */
  get busy(): boolean {
    return activeTurn(this.chat) !== undefined;
  }

  dispatch(action: ChatAction): void {
    this.chat = chatReducer(this.chat, action);
  }

  /** Sends a question and streams its run into the conversation. */
  async ask(question: string): Promise<void> {
    const message = question.trim();
    if (message === '' || this.busy) return;
    const controller = new AbortController();
    this.#controller = controller;
    const conversationId = this.chat.conversationId;
    this.dispatch({ type: 'ask', turnId: `turn-${Date.now()}-${++turnCounter}`, question: message });
    try {
      await streamChat({ message, ...(conversationId ? { conversationId } : {}) }, controller.signal, (event) => this.dispatch(event));
      if (this.busy) this.dispatch({ type: 'failed', message: 'The answer stream ended before the run finished.' });
      remember(this.chat.conversationId);
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = toApiError(error);
      this.dispatch({ type: 'failed', message: failure.message, code: failure.unauthorized ? 'UNAUTHORIZED' : failure.code });
    } finally {
      if (this.#controller === controller) this.#controller = undefined;
      void this.loadHistory();
    }
  }

  /** Stops the running answer: asks the server to cancel the run and aborts the stream. */
  stop(): void {
    const turn = activeTurn(this.chat);
    if (!turn) return;
    if (turn.runId) {
      requestJson(`/api/copilot/runs/${encodeURIComponent(turn.runId)}/cancel`, { method: 'POST' }).catch(() => undefined);
    }
    this.#controller?.abort();
    this.#controller = undefined;
    this.dispatch({ type: 'stopped' });
  }

  /** Starts an empty conversation (stopping any running answer). */
  newConversation(): void {
    this.stop();
    this.dispatch({ type: 'reset' });
    remember(undefined);
  }

  /** Reopens the conversation that was open before a reload of this tab, if any. */
  async restore(): Promise<void> {
    let id: string | null = null;
    try {
      id = sessionStorage.getItem(OPEN_CONVERSATION_KEY);
    } catch {
      return;
    }
    if (id && !this.chat.conversationId && !this.busy) await this.open(id);
  }

  /** Reopens a stored conversation by replaying its runs' events. */
  async open(id: string): Promise<void> {
    this.stop();
    this.opening = true;
    try {
      const { turns } = await requestJson<{ turns: StoredTurn[] }>(`/api/copilot/conversations/${encodeURIComponent(id)}`);
      this.dispatch({ type: 'loaded', conversationId: id, turns });
      remember(id);
      this.historyError = undefined;
    } catch (error) {
      const failure = toApiError(error);
      if (failure.code === 'NOT_FOUND') remember(undefined);
      this.historyError = failure;
    } finally {
      this.opening = false;
    }
  }

  /** Deletes a stored conversation (and clears the panel if it is the open one). */
  async remove(id: string): Promise<void> {
    try {
      await requestJson(`/api/copilot/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' });
      if (this.chat.conversationId === id) this.newConversation();
      this.history = this.history.filter((conversation) => conversation.id !== id);
    } catch (error) {
      this.historyError = toApiError(error);
    }
  }

  /** Loads the conversation history list. */
  async loadHistory(): Promise<void> {
    this.historyLoading = true;
    try {
      const { conversations } = await requestJson<{ conversations: ConversationSummary[] }>('/api/copilot/conversations');
      this.history = conversations;
      this.historyError = undefined;
    } catch (error) {
      this.historyError = toApiError(error);
    } finally {
      this.historyLoading = false;
    }
  }
}
