// GitLab's Terraform report (`artifacts: reports: terraform:`), which the merge-request widget reads:
// `{"create": N, "update": N, "delete": N}`. A replace counts as a create and a delete (as GitLab's own
// gitlab-terraform wrapper counts Terraform's replace); a release, which only removes a tag, as an update.
import type { Plan } from '../../engine/plan.js';

export function renderGitlabReport(p: Plan): string {
  const s = p.summary;
  return JSON.stringify({ create: s.create + s.replace, update: s.update + (s.release ?? 0), delete: s.delete + s.replace }) + '\n';
}
