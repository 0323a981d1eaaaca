// The record both runners produce for one scenario run (docs/differential.md).
export interface MapAttrs {
  name: string; type: number; key_size: number; value_size: number; max_entries: number;
  map_flags: number; pin_path: string | null; fd: number;
}
export interface ProgAttrs {
  name: string; section: string; type: number; expected_attach_type: number; autoload: boolean;
}
export interface MapInfoRecord {
  id: number | string; type: number; key_size: number; value_size: number; max_entries: number;
  map_flags: number; name: string;
}
export interface MapState { name: string; fd_valid: boolean; pinned: boolean; info?: MapInfoRecord }
export interface ProgState { name: string; fd_valid: boolean }

export interface StepRecord {
  op: string;
  ret?: number;
  /** The runner died here: native libbpf crashed, or the module trapped. */
  crash?: true;
  /** The slot's open failed, so this step had no object to run on. */
  skipped?: true;
  name?: string;
  maps?: MapAttrs[] | MapState[];
  programs?: ProgAttrs[] | ProgState[];
  value?: string;
  key?: string;
  info?: MapInfoRecord;
  /** Batch steps: the kernel's count out. */
  count?: number;
}

export interface RunRecord {
  steps: StepRecord[];
  log: string[];
  pins: string[];
  fds_left: number;
}
