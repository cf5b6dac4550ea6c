//! Choosing among the readings of several rows with the table's identities (column sums, the
//! balance). A row is decided only when every assignment that satisfies all identities gives it
//! the same values; otherwise it stays ambiguous.

/// One unknown: the candidate value vectors of a row.
#[derive(Debug, Clone)]
pub struct Var {
    pub cands: Vec<Vec<f64>>,
}

/// `sum(coef * value[var][col]) == 0`.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub terms: Vec<(usize, usize, f64)>,
}

/// Search budget: nodes visited (over all searches of one table) before giving up.
const MAX_NODES: usize = 400_000;

/// For each variable, the index of its decided candidate, or `None` when assignments that
/// satisfy every constraint give it different values. Returns `None` when no assignment
/// satisfies the constraints or the search is too large — the identities then cannot decide
/// anything.
///
/// Sound by construction: a variable is decided only after a search has shown that no
/// satisfying assignment gives it other values (a first solution, then for every variable and
/// every candidate with other values, a search for a solution using it).
pub fn solve(vars: &[Var], cons: &[Constraint]) -> Option<Vec<Option<usize>>> {
    if vars.iter().any(|v| v.cands.is_empty()) {
        return None;
    }
    let mut st = Search::new(vars, cons);
    let all: Vec<Vec<usize>> = vars.iter().map(|v| (0..v.cands.len()).collect()).collect();
    let first = st.find(&all)?;
    // undecided[v]: some solution gives v values other than `first` does.
    let mut undecided = vec![false; vars.len()];
    for v in 0..vars.len() {
        if undecided[v] {
            continue;
        }
        let base = &vars[v].cands[first[v]];
        let others: Vec<usize> = (0..vars[v].cands.len())
            .filter(|&c| !same(&vars[v].cands[c], base))
            .collect();
        if others.is_empty() {
            continue;
        }
        let mut domains = all.clone();
        domains[v] = others;
        if let Some(sol) = st.find_or_budget(&domains)? {
            for (u, flag) in undecided.iter_mut().enumerate() {
                if !same(&vars[u].cands[sol[u]], &vars[u].cands[first[u]]) {
                    *flag = true;
                }
            }
        }
    }
    Some(
        first
            .iter()
            .zip(&undecided)
            .map(|(&c, &u)| (!u).then_some(c))
            .collect(),
    )
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
}

struct Search<'a> {
    vars: &'a [Var],
    cons: &'a [Constraint],
    order: Vec<usize>,
    due: Vec<Vec<usize>>,
    choice: Vec<usize>,
    nodes: usize,
}

impl<'a> Search<'a> {
    fn new(vars: &'a [Var], cons: &'a [Constraint]) -> Search<'a> {
        // Assign variables with fewest candidates first; check each constraint as soon as its
        // last variable is assigned.
        let mut order: Vec<usize> = (0..vars.len()).collect();
        order.sort_by_key(|&i| vars[i].cands.len());
        let mut rank = vec![0usize; vars.len()];
        for (r, &v) in order.iter().enumerate() {
            rank[v] = r;
        }
        let mut due: Vec<Vec<usize>> = vec![Vec::new(); vars.len()];
        for (ci, c) in cons.iter().enumerate() {
            if let Some(last) = c.terms.iter().map(|t| rank[t.0]).max() {
                due[last].push(ci);
            }
        }
        Search {
            vars,
            cons,
            order,
            due,
            choice: vec![0; vars.len()],
            nodes: 0,
        }
    }

    /// A solution within `domains`, or `None` when there is none or the budget ran out.
    fn find(&mut self, domains: &[Vec<usize>]) -> Option<Vec<usize>> {
        self.find_or_budget(domains).flatten()
    }

    /// `None`: budget exhausted; `Some(None)`: no solution; `Some(Some(s))`: a solution.
    fn find_or_budget(&mut self, domains: &[Vec<usize>]) -> Option<Option<Vec<usize>>> {
        match self.run(0, domains) {
            Step::Found => Some(Some(self.choice.clone())),
            Step::None => Some(None),
            Step::Budget => None,
        }
    }

    fn run(&mut self, depth: usize, domains: &[Vec<usize>]) -> Step {
        let Some(&v) = self.order.get(depth) else {
            return Step::Found;
        };
        for &c in &domains[v] {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Step::Budget;
            }
            self.choice[v] = c;
            if self.due[depth].iter().all(|&ci| self.holds(ci)) {
                match self.run(depth + 1, domains) {
                    Step::None => {}
                    other => return other,
                }
            }
        }
        Step::None
    }

    fn holds(&self, ci: usize) -> bool {
        let sum: f64 = self.cons[ci]
            .terms
            .iter()
            .map(|&(v, col, coef)| {
                coef * self.vars[v].cands[self.choice[v]]
                    .get(col)
                    .copied()
                    .unwrap_or(0.0)
            })
            .sum();
        sum.abs() < 1e-6
    }
}

enum Step {
    Found,
    None,
    Budget,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_sum_decides_between_two_splits() {
        // rows a, b (ambiguous) and total t: a + b = t in both columns
        let vars = vec![
            Var {
                cands: vec![vec![1.0, 9.0], vec![19.0, 0.0]],
            },
            Var {
                cands: vec![vec![2.0, 0.0]],
            },
            Var {
                cands: vec![vec![21.0, 0.0]],
            },
        ];
        let cons: Vec<Constraint> = (0..2)
            .map(|col| Constraint {
                terms: vec![(0, col, 1.0), (1, col, 1.0), (2, col, -1.0)],
            })
            .collect();
        assert_eq!(solve(&vars, &cons), Some(vec![Some(1), Some(0), Some(0)]));
    }

    #[test]
    fn undecided_rows_stay_undecided() {
        let vars = vec![
            Var {
                cands: vec![vec![1.0], vec![2.0]],
            },
            Var {
                cands: vec![vec![2.0], vec![1.0]],
            },
            Var {
                cands: vec![vec![3.0]],
            },
        ];
        let cons = vec![Constraint {
            terms: vec![(0, 0, 1.0), (1, 0, 1.0), (2, 0, -1.0)],
        }];
        assert_eq!(solve(&vars, &cons), Some(vec![None, None, Some(0)]));
    }

    #[test]
    fn no_solution_decides_nothing() {
        let vars = vec![
            Var {
                cands: vec![vec![1.0], vec![2.0]],
            },
            Var {
                cands: vec![vec![5.0]],
            },
        ];
        let cons = vec![Constraint {
            terms: vec![(0, 0, 1.0), (1, 0, -1.0)],
        }];
        assert_eq!(solve(&vars, &cons), None);
    }
}
