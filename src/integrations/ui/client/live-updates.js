// Live updates: one EventSource for the page (the store's events, with the task states of the
// plans they concern), and the hooks a view uses to reload its data when an event concerns it
// or to show a task's new state straight from the message.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './server-api.js';

// One EventSource for the page; views subscribe with a test on the events.
const subscribers = new Set();
let liveReady = false;
export function connectLive() {
  const source = new EventSource('api/live');
  source.addEventListener('ready', () => {
    liveReady = true;
    document.body.dataset.live = 'ready';
  });
  source.addEventListener('events', (message) => {
    const { events, states } = JSON.parse(message.data);
    for (const subscriber of subscribers) subscriber(events, states);
  });
}

/** Loads `address`, and again whenever a live event passes `concerns` (at most once a frame). */
export function useLive(address, concerns) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  // Only the latest request's answer is shown: when filters change quickly, or a live reload
  // overlaps another, an older request can answer last and would put back a view already left.
  const latest = useRef(0);
  const load = useCallback(() => {
    const request = ++latest.current;
    getJson(address)
      .then((value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(null);
      })
      .catch((problem) => {
        if (request === latest.current) setError(problem.message);
      });
  }, [address]);
  useEffect(() => {
    load();
    let pending = false;
    const subscriber = (events) => {
      if (pending || !events.some(concerns)) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        load();
      });
    };
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  }, [address]);
  return { data, error, reload: load };
}

/**
 * A plan's task states as the live stream sends them with the events about its tasks: the graph
 * and the table show a new state from the message itself, before the plan is read again. They
 * apply to the plan data they arrived over (`plan`); newer plan data carries them already.
 */
export function useTaskStates(id, plan) {
  const [states, setStates] = useState(null);
  const current = useRef(plan);
  current.current = plan;
  useEffect(() => {
    const subscriber = (_events, byPlan) => {
      const tasks = byPlan?.[id];
      if (tasks)
        setStates({ base: current.current, byTask: new Map(tasks.map((task) => [task.taskId, task])) });
    };
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  }, [id]);
  return states && states.base === plan ? states.byTask : null;
}

/** Whether the live stream has said it is ready (for a person at the browser's console). */
export const liveIsReady = () => liveReady;
