import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig, validateConfig, type ConfigProblem } from '../../src/config/load.ts';
import { cronProblem } from '../../src/config/cron-check.ts';
import { runCli, tempDir, writeConfig } from '../helpers/cli.ts';

const source = (id: string, fields: Record<string, unknown> = {}) => ({ id, name: id, url: `http://example.com/${id}.xml`, ...fields });

function problemsOf(config: unknown): ConfigProblem[] {
  const result = validateConfig(config);
  return result.ok ? [] : result.problems;
}

/** The problems of a feeds.json file written the way people write it (two-space indent), with their line:column. */
function problemsInFile(text: string): ConfigProblem[] {
  const result = loadConfig(writeConfig(tempDir(), text));
  return result.ok ? [] : result.problems;
}

describe('charset labels', () => {
  it.each(['gbk', 'GB2312', 'gb18030', 'big5', 'utf-8', 'UTF8', 'cp936', 'windows-1252', 'euc-kr', 'shift_jis'])('accepts %s', (encoding) => {
    expect(problemsOf({ sources: [source('a', { encoding })] })).toEqual([]);
  });

  it.each(['gbkk', 'utf-9', 'klingon', ''])('refuses "%s", which no decoder knows', (encoding) => {
    expect(problemsOf({ sources: [source('a', { encoding })] })).toEqual([
      expect.objectContaining({ path: 'sources[0].encoding', message: expect.stringMatching(new RegExp(`unknown charset "${encoding}"`)) }),
    ]);
  });
});

describe('cron schedules', () => {
  it.each([
    '*/15 * * * *',
    '*/59 * * * *',
    '0 */2 * * 1-5',
    '0 8,12,18 * * *',
    '30 7 1 jan *',
    '0 9 * * mon-fri',
    '0 0 * * 7',
    '0 0 * * sun',
    '*/30 * * * * *',
    '0 22-2 * * *',
    '0 0 L * *',
    '@daily',
    '0 0 1-31/2 * *',
  ])('accepts %s', (expr) => {
    expect(cronProblem(expr)).toBeNull();
    expect(problemsOf({ defaults: { schedule: expr } })).toEqual([]);
  });

  it.each<[string, RegExp]>([
    ['*/61 * * * *', /minute "\*\/61": step 61 is out of range 1–59/],
    ['*/60 * * * *', /minute "\*\/60": step 60 is out of range 1–59/],
    ['*/0 * * * *', /minute "\*\/0": step 0 is out of range 1–59/],
    ['60 * * * *', /minute "60": 60 is out of range 0–59/],
    ['0 24 * * *', /hour "24": 24 is out of range 0–23/],
    ['0 */24 * * *', /hour "\*\/24": step 24 is out of range 1–23/],
    ['0 0 0 * *', /day of month "0": 0 is out of range 1–31/],
    ['0 0 32 * *', /day of month "32": 32 is out of range 1–31/],
    ['0 0 1 13 *', /month "13": 13 is out of range 1–12/],
    ['0 0 1 0 *', /month "0": 0 is out of range 1–12/],
    ['0 0 * * 8', /weekday "8": 8 is out of range 0–7/],
    ['0 0 * * 1-9', /weekday "1-9": 9 is out of range 0–7/],
    ['1,2,60 * * * *', /minute "1,2,60": 60 is out of range 0–59/],
    ['0 0 * * mond', /weekday "mond": "mond" is not a number or a weekday name/],
    ['0 0 1 janu *', /month "janu": "janu" is not a number or a month name/],
    ['every minute', /expected 5 fields \(minute hour day month weekday\) or 6 \(seconds first\), got 2/],
    ['* * * *', /got 4/],
    ['1,,2 * * * *', /minute "1,,2": an empty item/],
    ['*/x * * * *', /minute "\*\/x": step "x" is not a number/],
    ['0 0 31 2 *', /February|never/],
  ])('refuses %s', (expr, message) => {
    expect(cronProblem(expr)).toMatch(message);
    expect(problemsOf({ sources: [source('a', { schedule: expr })] })).toEqual([
      expect.objectContaining({ path: 'sources[0].schedule', message: expect.stringMatching(/^is not a valid cron expression: /) }),
    ]);
  });
});

describe('one pass reports every problem', () => {
  it('reports schema errors, duplicate ids and unknown references together', () => {
    const problems = problemsOf({
      sources: [source('a', { url: 'nope' }), source('b'), source('b'), source('c', { encoding: 'gbkk' })],
      tags: [{ id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] }, { id: 'x', label: 'X', keywords: ['x'], weight: 'heavy' }],
      outputs: [{ id: 'o', title: 'O', tags: ['nope'], sources: ['zzz'] }],
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'sources[0].url',
        'sources[2].id',
        'sources[3].encoding',
        'tags[0].parent',
        'tags[1].weight',
        'outputs[0].tags[0]',
        'outputs[0].sources[0]',
      ].sort(),
    );
    expect(problems.find((p) => p.path === 'sources[2].id')?.message).toMatch(/duplicate id "b"/);
  });

  it('still reports a type: html source without its selectors beside other problems', () => {
    const problems = problemsOf({ sources: [source('a', { type: 'html', url: 'nope' })] });
    expect(problems.map((p) => p.path).sort()).toEqual(['sources[0].html', 'sources[0].url']);
  });
});

describe('where each problem is', () => {
  const text = `{
  "defaults": { "schedule": "*/61 * * * *" },
  "sources": [
    { "id": "ok", "name": "OK", "url": "http://example.com/ok.xml" },
    {
      "id": "qbitai",
      "name": "量子位",
      "url": "www.qbitai.com/feed",
      "colour": "red"
    },
    { "id": "qbitai", "name": "again", "url": "http://example.com/2.xml" }
  ]
}
`;

  it('gives the source id beside the path, and the line and column, in document order', () => {
    const problems = problemsInFile(text);
    expect(problems).toEqual([
      expect.objectContaining({ path: 'defaults.schedule', line: 2, column: 29 }),
      expect.objectContaining({ path: 'sources[1].url', id: 'qbitai', line: 8, column: 14 }),
      expect.objectContaining({ path: 'sources[1]', id: 'qbitai', line: 9, column: 7, message: 'unknown key "colour"' }),
      expect.objectContaining({ path: 'sources[2].id', id: 'qbitai', line: 11, column: 13 }),
    ]);
    const printed = formatProblems(problems).split('\n');
    expect(printed).toEqual([
      expect.stringMatching(/^ {2}2:29 {2}defaults\.schedule: is not a valid cron expression: minute "\*\/61"/),
      '  8:14  sources[1] (id "qbitai").url: must be an absolute http(s) URL',
      '  9:7  sources[1] (id "qbitai"): unknown key "colour"',
      expect.stringMatching(/^ {2}11:13 {2}sources\[2\] \(id "qbitai"\)\.id: duplicate id "qbitai"/),
    ]);
  });

  it('points at a missing key’s object', () => {
    const problems = problemsInFile('{\n  "sources": [\n    { "id": "a", "url": "http://example.com/" }\n  ]\n}\n');
    expect(problems).toEqual([expect.objectContaining({ path: 'sources[0].name', id: 'a', line: 3, column: 5, message: 'is required' })]);
  });

  it.each<[string, string, number, number, RegExp]>([
    ['a missing value', '{ "sources": [ }', 1, 16, /expected a value/],
    ['a trailing comma', '{\n  "sources": [\n    { "id": "a", "name": "A", "url": "http://a/" },\n  ]\n}', 3, 51, /trailing comma/],
    ['a missing comma', '{\n  "sources": []\n  "tags": []\n}', 3, 3, /expected "," or "}"/],
    ['a comment', '{\n  // my feeds\n  "sources": []\n}', 2, 3, /comments are not allowed/],
    ['single quotes', "{ 'sources': [] }", 1, 3, /double quotes/],
    ['a line break in a string', '{ "sources": [ { "id": "a\nb" } ] }', 1, 26, /line break/],
    ['the end of the file', '{ "sources": [', 1, 15, /ends/],
    ['text after the document', '{}\n{}', 2, 1, /after the end/],
  ])('locates a JSON syntax error: %s', (_name, json, line, column, message) => {
    const [problem, ...rest] = problemsInFile(json);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ path: '(file)', line, column });
    expect(problem!.message).toMatch(/is not valid JSON/);
    expect(problem!.message).toMatch(message);
  });

  it('reports a key given twice in one object (JSON.parse keeps the last silently)', () => {
    const problems = problemsInFile('{\n  "sources": [\n    { "id": "a", "name": "A", "url": "http://a/", "url": "http://b/" }\n  ]\n}\n');
    expect(problems).toEqual([
      expect.objectContaining({ path: 'sources[0]', id: 'a', line: 3, column: 51, message: expect.stringMatching(/key "url" is given twice/) }),
    ]);
  });

  it('says plainly that a file is missing', () => {
    const result = loadConfig('/nonexistent/feeds.json');
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({ path: '(file)', message: 'cannot read /nonexistent/feeds.json: no such file (ENOENT)' }),
    ]);
  });
});

describe('huiju check', () => {
  it('prints every problem in one pass, with line:column, path and source id', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      sources: [source('a', { encoding: 'gbkk', schedule: '*/61 * * * *' }), source('a'), source('b', { url: 'x' })],
      outputs: [{ id: 'o', title: 'O', tags: ['ai'] }],
    });
    const r = await runCli(['check', '--config', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^ {2}\d+:\d+ {2}sources\[0\] \(id "a"\)\.encoding: unknown charset "gbkk"/),
      expect.stringMatching(/^ {2}\d+:\d+ {2}sources\[0\] \(id "a"\)\.schedule: is not a valid cron expression: minute "\*\/61"/),
      expect.stringMatching(/^ {2}\d+:\d+ {2}sources\[1\] \(id "a"\)\.id: duplicate id "a"/),
      expect.stringMatching(/^ {2}\d+:\d+ {2}sources\[2\] \(id "b"\)\.url: must be an absolute http\(s\) URL/),
      expect.stringMatching(/^ {2}\d+:\d+ {2}outputs\[0\] \(id "o"\)\.tags\[0\]: unknown tag "ai"/),
    ]);
  });
});
