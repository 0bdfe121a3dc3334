import { useEffect, useRef, useState } from 'react';
import type { LogHeadline } from '../../../../shared/inspect/log-headline.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { FileProblem } from '../../../../shared/errors/file-problem.js';
import type { Result } from '../../../../shared/errors/result.js';
import type { RunRole } from '../../../../shared/results/benchmark-run.js';
import { attributeModel, referenceModelsOf, subjectModelsAmong, suggestedRole, type Attribution } from '../../../../shared/results/model-attribution.js';
import { guessMapping, mappingProblems, tableSignature, type ColumnMapping, type ResultsTable } from '../../../../shared/results/results-table.js';
import { useServices } from '../../app/services.js';
import type { CarriedMarking } from '../../../../shared/export/file-marking.js';
import type { PickedFile } from '../../host/host.js';
import { readLogHeadline, type LogHeadline as Headline } from '../../../../shared/inspect/log-headline.js';
import { err, ok } from '../../../../shared/errors/result.js';
import { readHeadline } from './import/read-headline.js';
import { examinePickedFile, examineResultsFile } from './import/read-results-table.js';

/**
 * A file chosen for import: an Inspect log with what it says of its model, or a results table. A
 * log picked in the desktop's file dialog is a `PickedFile`, which the app's intake process reads.
 */
export type Chosen =
  | {
      readonly file: File | PickedFile;
      readonly kind: 'inspect-log';
      /** The model and task the log names, or why they could not be read before the import. */
      readonly headline: Result<LogHeadline>;
      readonly attribution: Attribution | undefined;
    }
  | { readonly file: File | PickedFile; readonly kind: 'table'; readonly table: ResultsTable; readonly bytes: Uint8Array; readonly markings: readonly CarriedMarking[] };

/** Which of a table's models is the model under review: one of them, or none (every row is of a reference model). */
export type SubjectChoice = { readonly kind: 'model'; readonly model: string } | { readonly kind: 'none' };

/**
 * The file chosen in the import dialog, read as far as the dialog needs before the import: a log's
 * model, matched against the packet's model under review and reference models to pre-select the
 * role (the model under review only when the log names it); a table's columns, mapped, and the
 * model under review among its models when exactly one matches (`matching` counts those that
 * do). A file chosen while the last one is still being read replaces it. `refused` and
 * `unanswered` say what keeps the file from being imported as it is.
 */
export function useChosenResults(packet: Packet, onProblem: (problem: string | undefined) => void) {
  const { results } = useServices();
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [reading, setReading] = useState(false);
  const [role, setRole] = useState<RunRole | undefined>();
  const [mapping, setMapping] = useState<ColumnMapping | undefined>();
  const [remembered, setRemembered] = useState(false);
  const [subjectChoice, setSubjectChoice] = useState<SubjectChoice | undefined>();
  const [referenceModels, setReferenceModels] = useState<readonly string[]>([]);
  const current = useRef<AbortController | undefined>(undefined);
  // The file picked in the desktop's dialog, held open until another is chosen or the dialog closes.
  const held = useRef<PickedFile | undefined>(undefined);
  const release = () => {
    void held.current?.release();
    held.current = undefined;
  };

  useEffect(
    () => () => {
      current.current?.abort();
      release();
    },
    [],
  );

  async function choose(file: File | PickedFile | undefined) {
    current.current?.abort();
    if (file !== held.current) release();
    if (file !== undefined && !(file instanceof Blob)) held.current = file;
    const controller = new AbortController();
    current.current = controller;
    // Another file chosen meanwhile: this one is put aside.
    const stale = () => controller.signal.aborted;
    onProblem(undefined);
    setChosen(undefined);
    setSubjectChoice(undefined);
    setRole(undefined);
    if (!file) return;
    setReading(true);
    try {
      const [examined, runs] = await Promise.all([file instanceof Blob ? examineResultsFile(file) : examinePickedFile(file), results.listRuns(packet.id)]);
      if (stale()) return;
      const references = referenceModelsOf(runs);
      if (examined.kind === 'table') {
        const known = await results.rememberedMapping(tableSignature(examined.table.columns));
        if (stale()) return;
        const next = known && mappingProblems(known, examined.table.columns).length === 0 ? known : guessMapping(examined.table.columns);
        setRemembered(known !== undefined && next === known);
        setMapping(next);
        setReferenceModels(references);
        setChosen({ file, ...examined });
        return;
      }
      const headline = file instanceof Blob ? await readHeadline(file, controller.signal) : await pickedHeadline(file, controller.signal);
      if (stale()) return;
      const attribution = headline.ok ? attributeModel(headline.value.model, packet, references) : undefined;
      setRole(attribution && suggestedRole(attribution));
      setChosen({ file, kind: 'inspect-log', headline, attribution });
      // A file that is no readable log is refused now, as the import would refuse it.
      if (refusedLog(headline)) onProblem(`${file.name}: ${headline.error.message}`);
    } catch (e) {
      if (!stale()) onProblem(e instanceof FileProblem ? e.message : `${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (current.current === controller) setReading(false);
    }
  }

  const models = chosen?.kind === 'table' && mapping ? modelsIn(chosen.table, mapping) : [];
  // The reviewer's choice while it is one of the table's models; else the one model that matches, if any.
  const chosenSubject = subjectChoice?.kind === 'none' || (subjectChoice && models.includes(subjectChoice.model)) ? subjectChoice : undefined;
  const matching = subjectModelsAmong(models, packet, referenceModels);
  const suggested = matching.length === 1 ? matching[0] : undefined;
  const subject: SubjectChoice | undefined = chosenSubject ?? (suggested === undefined ? undefined : { kind: 'model', model: suggested });

  const tableIssues = chosen?.kind === 'table' && mapping ? mappingProblems(mapping, chosen.table.columns) : [];
  const refused = chosen?.kind === 'inspect-log' && refusedLog(chosen.headline) ? `${chosen.file.name}: ${chosen.headline.error.message}` : tableIssues[0];
  const unanswered =
    chosen?.kind === 'inspect-log' && role === undefined
      ? 'Say whether the run measured the model under review or a reference model.'
      : chosen?.kind === 'table' && subject === undefined
        ? 'Choose the model under review in this table, or say that none of its models is.'
        : undefined;

  return { chosen, reading, choose, role, setRole, mapping, setMapping, remembered, models, matching: matching.length, subject, setSubject: setSubjectChoice, tableIssues, refused, unanswered };
}

/** The models a table's rows name under the mapping, each once, sorted. */
function modelsIn(table: ResultsTable, mapping: ColumnMapping): string[] {
  const column = mapping.model;
  if (column === null) return [];
  return [...new Set(table.rows.map((r) => (r[column] ?? '').trim()).filter((m) => m !== ''))].sort();
}

/** The log's own description could not be read because of the file: the import would refuse it too. */
function refusedLog(headline: Result<LogHeadline>): headline is Extract<Result<LogHeadline>, { readonly ok: false }> {
  return !headline.ok && headline.error.code === 'invalid-input';
}

/** What a picked log says of its model, read through the host (a browser has no picked logs to read this way). */
async function pickedHeadline(file: PickedFile, signal: AbortSignal): Promise<Result<Headline>> {
  try {
    return ok(await readLogHeadline(file, signal));
  } catch (e) {
    return e instanceof FileProblem ? err('invalid-input', e.problem) : err('failed', e instanceof Error ? e.message : String(e));
  }
}
