/** The presentation layer: a report model in, terminal text, CSV, HTML, SVG/PNG charts and a report folder out. */
export * from './model.js';
export { formatStatistic, formatFixed, MISSING } from './format.js';
export * from './charts.js';
export { renderReportHtml, escapeHtml } from './html.js';
export { formatStatisticsTable, createProgress, type Progress, type ProgressOptions, type TerminalTableOptions } from './terminal.js';
export * from './csv.js';
export { writeReportFolder, type ReportFile } from './write.js';
export { renderReportFiles, type ReportFilesOptions } from './files.js';
