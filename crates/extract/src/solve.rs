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

/// Search budget: nodes visited before giving up.
const MAX_NODES: usize = 200_000;
/// Enough solutions to know whether a row's values differ between them.
const MAX_SOLUTIONS: usize = 256;

/// For each variable, the index of its decided candidate, or `None` when the solutions
/// disagree. Returns `None` when no assignment satisfies the constraints or the search is too
/// large — the identities then cannot decide anything.
pub fn solve(vars: &[Var], cons: &[Constraint]) -> Option<Vec<Option<usize>>> {
    if vars.iter().any(|v| v.cands.is_empty()) {
        return None;
    }
    // Assign variables with fewest candidates first; check each constraint as soon as its last
    // variable is assigned.
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
    let mut st = Search {
        vars,
        cons,
        order: &order,
        due: &due,
        choice: vec![0; vars.len()],
        nodes: 0,
        solutions: Vec::new(),
    };
    if !st.run(0) || st.solutions.is_empty() {
        return None;
    }
    let first = st.solutions.first()?.clone();
    Some(
        (0..vars.len())
            .map(|v| {
                let c0 = first[v];
                let agree = st
                    .solutions
                    .iter()
                    .all(|s| same(&vars[v].cands[s[v]], &vars[v].cands[c0]));
                agree.then_some(c0)
            })
            .collect(),
    )
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
}

struct Search<'a> {
    vars: &'a [Var],
    cons: &'a [Constraint],
    order: &'a [usize],
    due: &'a [Vec<usize>],
    choice: Vec<usize>,
    nodes: usize,
    solutions: Vec<Vec<usize>>,
}

impl Search<'_> {
    /// False when the budget ran out.
    fn run(&mut self, depth: usize) -> bool {
        let Some(&v) = self.order.get(depth) else {
            self.solutions.push(self.choice.clone());
            return true;
        };
        for c in 0..self.vars[v].cands.len() {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return false;
            }
            self.choice[v] = c;
            if self.due[depth].iter().all(|&ci| self.holds(ci)) {
                if !self.run(depth + 1) {
                    return false;
                }
                if self.solutions.len() >= MAX_SOLUTIONS {
                    return true;
                }
            }
        }
        true
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
