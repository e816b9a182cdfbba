import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether an element is on (or near) the screen. Charts off screen skip redraws entirely, which
 * keeps long, fast runs smooth: only what the user can see costs main-thread time.
 */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(
      (entries) => {
        const e = entries[entries.length - 1];
        if (e) setInView(e.isIntersecting);
      },
      { rootMargin: '200px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return inView;
}
