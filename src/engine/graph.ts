// A small generic DAG: vertices are strings, an edge `from -> to` means `from` waits for `to`.
// Used for plan ordering (apply) and cycle checks; knows nothing about resources.

export class Graph {
  readonly #deps = new Map<string, Set<string>>();

  addVertex(v: string): void {
    if (!this.#deps.has(v)) this.#deps.set(v, new Set());
  }

  /** `from` depends on (waits for) `to`. Both vertices are added when missing. */
  addEdge(from: string, to: string): void {
    this.addVertex(from);
    this.addVertex(to);
    this.#deps.get(from)!.add(to);
  }

  vertices(): string[] {
    return [...this.#deps.keys()].sort();
  }

  dependencies(v: string): string[] {
    return [...(this.#deps.get(v) ?? [])].sort();
  }

  /** Vertices that depend on `v`, directly or not. */
  dependents(v: string): string[] {
    const out = new Set<string>();
    const stack = [v];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      for (const [w, deps] of this.#deps) {
        if (deps.has(cur) && !out.has(w)) {
          out.add(w);
          stack.push(w);
        }
      }
    }
    return [...out].sort();
  }

  /** One cycle as its list of edges (`a -> b`), or undefined when the graph is acyclic. */
  findCycle(): string[] | undefined {
    const state = new Map<string, 'visiting' | 'done'>();
    const path: string[] = [];
    const visit = (v: string): string[] | undefined => {
      state.set(v, 'visiting');
      path.push(v);
      for (const d of this.dependencies(v)) {
        if (state.get(d) === 'visiting') {
          const cycle = [...path.slice(path.indexOf(d)), d];
          return cycle.slice(0, -1).map((x, i) => `${x} -> ${cycle[i + 1]}`);
        }
        if (!state.has(d)) {
          const found = visit(d);
          if (found) return found;
        }
      }
      path.pop();
      state.set(v, 'done');
      return undefined;
    };
    for (const v of this.vertices()) {
      if (!state.has(v)) {
        const found = visit(v);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Dependencies first; ties broken by name so the order is deterministic. Throws on a cycle. */
  topologicalOrder(): string[] {
    const cycle = this.findCycle();
    if (cycle) throw new Error(`dependency cycle: ${cycle.join(', ')}`);
    const done = new Set<string>();
    const out: string[] = [];
    const visit = (v: string): void => {
      if (done.has(v)) return;
      done.add(v);
      for (const d of this.dependencies(v)) visit(d);
      out.push(v);
    };
    for (const v of this.vertices()) visit(v);
    return out;
  }
}
