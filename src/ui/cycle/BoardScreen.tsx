import { useState } from 'preact/hooks';
import {
  addProblemToBoard,
  getBoard,
  getProblem,
  getProfileName,
  getRootCause,
  listProblems,
  listSolutions,
  moveSolution,
  pickSolution,
  proposeSolution,
  restoreSolution,
  retractSolution,
  toggleVote,
} from '../../domain';
import type { RecordId } from '../../domain/ids';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { navigate } from '../app/route';
import { useWorkspace } from '../app/workspace';
import { CollabText } from '../editor/CollabText';
import { useDocValue } from '../common/useDocValue';
import { useMe } from '../community/useCommunity';
import { usePresence } from '../community/usePresence';
import { useMemberNames } from './useMemberNames';
import { YTextView } from './YText';

/**
 * The weekly board, co-edited live at the meeting: for each problem, a list of alternative
 * solutions (each a shared text), votes, and each teacher's pick. Presence shows who is writing
 * which solution; "big screen mode" enlarges everything for a projector.
 */
export function BoardScreen({ space, id }: { space: CommunitySpace; id: RecordId }) {
  const { personal } = useWorkspace();
  const doc = space.local.doc;
  const board = useDocValue(doc, (d) => getBoard(d, id), [id]);
  const problems = useDocValue(doc, (d) => listProblems(d));
  const { can } = useMe(space);
  const presence = usePresence(space, `board:${id}`, getProfileName(personal.local.doc) ?? '');
  const [big, setBig] = useState(false);

  if (!board) return <main class="screen"><p class="empty">{t('board.notFound')}</p></main>;
  const onBoard = new Set(board.problemIds);
  const candidates = problems.filter((p) => !onBoard.has(p.id));

  return (
    <main class={big ? 'screen board big-text' : 'screen board'}>
      <a href={`#/c/${space.name}/boards`} class="back">← {t('nav.back')}</a>
      <h1>{t('board.title', { date: formatDate(board.weekOf) })}</h1>
      <label class="choice">
        <input type="checkbox" checked={big} onChange={(e) => setBig(e.currentTarget.checked)} /> {t('board.meetingMode')}
      </label>
      {presence.others.length > 0 && (
        <p class="presence" role="status">{t('meeting.here', { names: presence.others.map((o) => o.name).join(', ') })}</p>
      )}
      {board.problemIds.map((problemId, index) => (
        <ProblemOnBoard key={problemId} space={space} boardId={id} problemId={problemId as RecordId} n={index + 1}
          canEdit={can.editContent} presence={presence} />
      ))}
      {can.editContent && candidates.length > 0 && (
        <section aria-label={t('board.pickProblems')}>
          <h2>{t('board.pickProblems')}</h2>
          {candidates.map((p) => (
            <button type="button" key={p.id} class="wide" onClick={() => addProblemToBoard(doc, id, p.id)}>
              {t('board.addProblem', { text: p.text.toString().slice(0, 70) })}
            </button>
          ))}
        </section>
      )}
    </main>
  );
}

function ProblemOnBoard(props: {
  space: CommunitySpace;
  boardId: RecordId;
  problemId: RecordId;
  n: number;
  canEdit: boolean;
  presence: ReturnType<typeof usePresence>;
}) {
  const { space, boardId, problemId, n, canEdit, presence } = props;
  const doc = space.local.doc;
  const problem = useDocValue(doc, (d) => getProblem(d, problemId), [problemId]);
  const root = useDocValue(doc, (d) => getRootCause(d, problemId), [problemId]);
  // One pass over the solutions; soft delete: what she took back stays visible to her to restore.
  const { solutions, myRetracted } = useDocValue(
    doc,
    (d) => {
      const all = listSolutions(d, boardId, problemId, { includeRetracted: true });
      return {
        solutions: all.filter((s) => s.retractedAt === undefined),
        myRetracted: all.filter((s) => s.retractedAt !== undefined && s.proposedBy === space.me),
      };
    },
    [boardId, problemId, space.me],
  );
  const nameOf = useMemberNames(doc);
  if (!problem) return null;
  return (
    <section class="card" aria-label={t('board.problem', { n })}>
      <h2>{t('board.problem', { n })}</h2>
      <YTextView text={problem.text} class="problem-text" />
      {root && <p class="hint">{t('board.rootCause', { text: root.text.toString() })}</p>}
      <h3>{t('board.solutions')}</h3>
      <ol class="solutions">
        {solutions.map((s, i) => {
          const mine = s.pickedBy.includes(space.me);
          const field = `solution:${s.id}`;
          return (
            <li key={s.id} class="solution">
              <CollabText text={s.text} label={t('board.solution', { n: i + 1, m: n })} readOnly={!canEdit}
                editors={presence.editorsOf(field)} onFocusChange={(f) => presence.setEditing(f ? field : null)} />
              <p class="hint">
                {t('board.proposedBy', { name: nameOf(s.proposedBy) })}
                {s.pickedBy.length > 0 && ` · ${t('board.pickedBy', { names: s.pickedBy.map(nameOf).join(', ') })}`}
              </p>
              {canEdit && (
                <div class="row">
                  <button type="button" aria-pressed={s.votes.includes(space.me)} onClick={() => toggleVote(doc, s.id, space.me, Date.now())}>
                    {t('board.vote', { count: s.votes.length })}
                  </button>
                  <button type="button" aria-pressed={mine} onClick={() => pickSolution(doc, s.id, space.me, Date.now())}>
                    {mine ? t('board.picked') : t('board.pick')}
                  </button>
                  {i > 0 && <button type="button" aria-label={t('board.moveUp', { n: i + 1 })} onClick={() => moveSolution(doc, s.id, i - 1)}>↑</button>}
                  {i < solutions.length - 1 && <button type="button" aria-label={t('board.moveDown', { n: i + 1 })} onClick={() => moveSolution(doc, s.id, i + 1)}>↓</button>}
                  {s.proposedBy === space.me && (
                    <button type="button" class="secondary" onClick={() => retractSolution(doc, s.id, Date.now())}>
                      {t('board.retract', { n: i + 1 })}
                    </button>
                  )}
                  {mine && (
                    <button type="button" class="primary" onClick={() => navigate(`/c/${space.name}/trial-new/${s.id}`)}>
                      {t('board.startTrial')}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {myRetracted.length > 0 && (
        <details>
          <summary>{t('board.retracted')}</summary>
          <ul>
            {myRetracted.map((s) => (
              <li key={s.id}>
                {s.text.toString()}{' '}
                <button type="button" onClick={() => restoreSolution(doc, s.id)}>{t('board.restore')}</button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {canEdit && (
        <button type="button" onClick={() => proposeSolution(doc, { boardId, problemId, text: '', by: space.me, now: Date.now() })}>
          {t('board.addSolution', { m: n })}
        </button>
      )}
    </section>
  );
}
