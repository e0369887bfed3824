import { useEffect, useState } from 'preact/hooks';
import {
  addComment,
  askWhy,
  getProblem,
  listComments,
  markProblemSeen,
  markRootCause,
  retractWhy,
  toggleAgree,
  whyTree,
  type WhyView,
} from '../../domain';
import type { RecordId } from '../../domain/ids';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMe } from '../community/useCommunity';
import { useMemberNames } from './useMemberNames';
import { YTextView } from './YText';
import { Attachments } from '../attachments/Attachments';
import { AttachmentTarget } from '../../domain/attachments';

/** Diskusi harian: "Mengapa masalah ini muncul?" asked and answered until the root cause shows. */
export function ProblemScreen({ space, id }: { space: CommunitySpace; id: RecordId }) {
  const doc = space.local.doc;
  const problem = useDocValue(doc, (d) => getProblem(d, id), [id]);
  const whys = useDocValue(doc, (d) => whyTree(d, id), [id]);
  const comments = useDocValue(doc, (d) => listComments(d, id), [id]);
  const nameOf = useMemberNames(doc);
  const { me, can } = useMe(space);

  useEffect(() => {
    if (problem && me?.active && problem.authorId !== space.me) markProblemSeen(doc, id, space.me, Date.now());
  }, [problem?.id, me?.active]);

  if (!problem) return <main class="screen"><p class="empty">{t('problem.notFound')}</p></main>;
  const canDiscuss = can.comment;
  return (
    <main class="screen">
      <a href={`#/c/${space.name}/problems`} class="back">← {t('nav.back')}</a>
      <h1>{t('problem.title', { name: nameOf(problem.authorId) })}</h1>
      <p class="hint">{formatDate(problem.source.date)} · {t('problems.seen', { count: problem.seenCount })}</p>
      <YTextView text={problem.text} class="problem-text" />
      <Attachments space={space} target={AttachmentTarget.PROBLEM} recordId={id} addedBy={space.me} readOnly={problem.authorId !== space.me} />
      {canDiscuss && <WhyForm space={space} problemId={id} parentId={null} label={t('problem.askWhy')} />}
      {whys.length === 0 && <p class="empty">{t('problem.noWhys')}</p>}
      <WhyList space={space} problemId={id} whys={whys} nameOf={nameOf} canDiscuss={canDiscuss} rootCauseId={problem.rootCauseId} />
      <section aria-label={t('problem.comments')}>
        <h2>{t('problem.comments')}</h2>
        <ul class="comments">
          {comments.map((c) => (
            <li key={c.id}><strong>{nameOf(c.authorId)}:</strong> {c.text}</li>
          ))}
        </ul>
        {canDiscuss && <CommentForm space={space} targetId={id} />}
      </section>
    </main>
  );
}

function WhyList(props: { space: CommunitySpace; problemId: RecordId; whys: WhyView[]; nameOf: (id: string) => string; canDiscuss: boolean; rootCauseId: string | null }) {
  const { space, problemId, whys, nameOf, canDiscuss, rootCauseId } = props;
  const doc = space.local.doc;
  const [asking, setAsking] = useState<string | null>(null);
  return (
    <ol class="whys">
      {whys.map((w) => {
        const isRoot = rootCauseId === w.id;
        const agreed = w.agreedBy.includes(space.me);
        return (
          <li key={w.id} class={`why${isRoot ? ' root' : ''}${w.retractedAt ? ' retracted' : ''}`}>
            {isRoot && <strong class="root-label">{t('problem.rootCause')}</strong>}
            <YTextView text={w.text} />
            <p class="hint">
              {t('problem.whyBy', { name: nameOf(w.authorId) })} · {formatDate(new Date(w.createdAt).toISOString().slice(0, 10))}
              {w.retractedAt && ` ${t('problem.retracted')}`}
            </p>
            {canDiscuss && !w.retractedAt && (
              <div class="row">
                <button type="button" aria-pressed={agreed} onClick={() => toggleAgree(doc, w.id, space.me, Date.now())}>
                  {t('problem.agree', { count: w.agreeCount })}
                </button>
                <button type="button" onClick={() => setAsking(asking === w.id ? null : w.id)}>{t('problem.whyOfWhy')}</button>
                <button type="button" onClick={() => markRootCause(doc, problemId, isRoot ? null : w.id, space.me, Date.now())}>
                  {isRoot ? t('problem.clearRoot') : t('problem.markRoot')}
                </button>
                {w.authorId === space.me && (
                  <button type="button" class="secondary" onClick={() => retractWhy(doc, w.id, space.me, Date.now())}>{t('problem.retract')}</button>
                )}
              </div>
            )}
            {asking === w.id && (
              <WhyForm space={space} problemId={problemId} parentId={w.id}
                label={t('problem.askWhyOf', { text: w.text.toString().slice(0, 60) })} onDone={() => setAsking(null)} />
            )}
            {w.children.length > 0 && <WhyList {...props} whys={w.children} />}
          </li>
        );
      })}
    </ol>
  );
}

function WhyForm({ space, problemId, parentId, label, onDone }: { space: CommunitySpace; problemId: RecordId; parentId: string | null; label: string; onDone?: () => void }) {
  const [text, setText] = useState('');
  const id = `why-${parentId ?? 'root'}`;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    askWhy(space.local.doc, { problemId, parentId, authorId: space.me, text: text.trim(), now: Date.now() });
    setText('');
    onDone?.();
  };
  return (
    <form onSubmit={submit} class="field">
      <label for={id}>{label}</label>
      <textarea id={id} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" class="primary">{t('problem.addWhy')}</button>
    </form>
  );
}

function CommentForm({ space, targetId }: { space: CommunitySpace; targetId: string }) {
  const [text, setText] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    addComment(space.local.doc, { targetId, authorId: space.me, text: text.trim(), now: Date.now() });
    setText('');
  };
  return (
    <form onSubmit={submit} class="field">
      <label for={`comment-${targetId}`}>{t('problem.addComment')}</label>
      <textarea id={`comment-${targetId}`} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit">{t('problem.sendComment')}</button>
    </form>
  );
}

export { CommentForm };
