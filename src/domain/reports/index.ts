// Reports: figures computed on the phone from the documents (docs/REPORTS.md).
export * from './period';
export * from './facts';
export * from './participation';
export * from './collaboration';
export * from './reflection';
export * from './funnel';
export * from './goals';
export * from './portfolio';
export * from './report';
export * from './exportFigures';
