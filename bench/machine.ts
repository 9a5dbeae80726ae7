import { cpus, freemem, release, totalmem, type as osType } from 'node:os';

/** The machine a run measured on, stated with every figure. */
export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly freeMemoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly date: string;
}

const gib = (bytes: number) => Number((bytes / 1024 ** 3).toFixed(1));

export function describeMachine(now: Date = new Date()): Machine {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    os: `${osType()} ${release()} (${process.arch})`,
    node: process.version,
    date: now.toISOString(),
  };
}

export function machineLine(machine: Machine): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}, Node ${machine.node}`;
}
