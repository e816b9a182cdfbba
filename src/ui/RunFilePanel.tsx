import { runFileText } from '../engine';
import { booksOf, replaying } from '../store/runRecord';
import { useSim } from '../store/simStore';
import { download } from './download';

/** Reads a dropped or picked file as a run file and replays it (the store says what became of it). */
export async function openRunFileFrom(file: File | undefined): Promise<void> {
  if (!file) return;
  useSim.getState().openRunFile(file.name, await file.text());
}

/**
 * The run file (docs/RUNFILE.md): save the run so far, open one to replay (or drop it on the
 * page), what is being replayed, and the books hash when the run stops, compared with the
 * file's once the replay reaches the file's last round.
 */
export function RunFilePanel() {
  const scenario = useSim((s) => s.scenario);
  const opened = useSim((s) => s.opened);
  const replayNote = useSim((s) => s.replayNote);
  const loadNote = useSim((s) => s.loadNote);
  const changes = useSim((s) => s.changes.length);
  useSim((s) => s.version);
  const state = useSim.getState();
  const rounds = state.history.length;
  const onSave = (): void => {
    const file = useSim.getState().runFile();
    if (!file) return;
    download(
      `run-${file.scenario.name}-seed${file.scenario.seed}-${file.rounds}h.json`,
      'application/json',
      runFileText(file),
    );
  };
  return (
    <section className="panel" aria-labelledby="runfile-title">
      <h2 id="runfile-title">Run file</h2>
      <p className="note">
        Records the scenario, seed and every slider move with its hour ({changes} so far), so the
        run can be replayed exactly here or with <code>npm run cli -- simulate --run</code>.
      </p>
      <div className="controls">
        <button type="button" onClick={onSave} disabled={!scenario}>
          Save run file
        </button>
        <label className="inline">
          Open run file
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              void openRunFileFrom(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <p className="note">Or drop a run file anywhere on the page.</p>
      {loadNote ? (
        <p
          className={loadNote.ok ? 'note' : 'note err'}
          role={loadNote.ok ? 'status' : 'alert'}
          data-testid="runfile-note"
        >
          {loadNote.text}
        </p>
      ) : null}
      {opened ? (
        <p className="note" data-testid="replay-status">
          {replaying(state)
            ? `Replaying ${opened.from}: ${opened.changes.length} slider moves at their hours, stopping at hour ${opened.rounds}.`
            : `Replayed ${opened.from}.`}
        </p>
      ) : null}
      {replayNote ? <p className="note">{replayNote}</p> : null}
      <PeopleNote />
      <RunSummary rounds={rounds} />
    </section>
  );
}

/** Said when people placed orders: the file carries them, a share link cannot. */
function PeopleNote() {
  const orders = useSim((s) => s.peopleOrders.length);
  if (orders === 0) return null;
  return (
    <p className="note" data-testid="runfile-people">
      This run holds {orders} order{orders === 1 ? '' : 's'} placed by people. The run file records
      each with its round, and a replay places them again; a share link cannot carry them, so share
      the file.
    </p>
  );
}

/**
 * The books hash after the rounds shown, once the run stopped (the summary above the charts says
 * what the run came to), and whether it equals the opened run file's at its last round.
 */
function RunSummary({ rounds }: { rounds: number }) {
  const standing = useSim((s) => s.standing);
  const playing = useSim((s) => s.playing);
  const opened = useSim((s) => s.opened);
  useSim((s) => s.chain.reconciled);
  if (!standing || playing || standing.rounds !== rounds) return null;
  const books = booksOf(useSim.getState());
  const expected = opened && opened.rounds === rounds ? opened.books : null;
  return (
    <div className="run-standing" data-testid="run-standing" data-rounds={rounds}>
      {books ? (
        <p
          data-testid="books-hash"
          data-hash={books.sha256}
          data-source={books.source}
          className="note"
        >
          Books hash after {rounds} hours (
          {books.source === 'chain' ? 'read from the chain' : 'engine'}):{' '}
          <code className="hash">{books.sha256}</code>
        </p>
      ) : null}
      {expected && books ? (
        <p
          className={expected.sha256 === books.sha256 ? 'note reconciled' : 'note err'}
          data-testid="books-compared"
          data-equal={expected.sha256 === books.sha256}
        >
          {expected.sha256 === books.sha256
            ? `✓ Equal to the books hash ${opened?.from ?? ''} recorded (${expected.source}).`
            : `✗ Differs from the books hash ${opened?.from ?? ''} recorded: ${expected.sha256} (${expected.source}).`}
        </p>
      ) : null}
    </div>
  );
}
