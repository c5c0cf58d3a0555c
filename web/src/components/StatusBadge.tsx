import { words } from '../format';

/** A connection's or a sync's state as a coloured badge with its words (colour is never the only cue). */
export function StatusBadge({ state, label }: { state: string; label?: string }) {
  return (
    <span className={`badge badge-${state.toLowerCase()}`} data-state={state}>
      {label ?? words(state)}
    </span>
  );
}
