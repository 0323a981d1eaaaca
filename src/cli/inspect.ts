// `inspect <obj.o>`: what an object file holds, as libbpf opens it (no kernel, no load):
// maps (type, sizes and BTF types, max entries, flags, pinning) and programs (section,
// type, expected attach type, instructions).
import { runCommand, type Command } from './command.js';
import { openObjectFile } from './object-file.js';
import { typeName } from './btf-text.js';
import { table, hexNumber } from './format.js';
import { enumLabel } from '../enum-names.js';

const inspect: Command = {
  name: 'inspect', synopsis: '<obj.o>', positionals: [1, 1],
  summary: 'the maps and programs of an object file, as libbpf opens it (no kernel needed)',
  run(ctx) {
    const obj = openObjectFile(ctx.positionals[0]);
    try {
      const btf = obj.btf;
      const name = (id: number | undefined) => (btf && id ? typeName(btf, id) : null);
      const maps = obj.maps.map((m) => ({
        name: m.name, type: enumLabel('map', m.type), bytes_key: m.keySize, bytes_value: m.valueSize,
        key_type: name(m.keyType?.id), value_type: name(m.valueType?.id), max_entries: m.maxEntries, flags: m.mapFlags,
        // libbpf gives a map a pin path at open only for pinning = LIBBPF_PIN_BY_NAME.
        pinning: m.pinPath === null ? 'none' : 'by_name', pin_path: m.pinPath, internal: m.isInternal,
      }));
      const programs = obj.programs.map((p) => ({
        name: p.name, section: p.sectionName, type: enumLabel('prog', p.type),
        expected_attach_type: enumLabel('attach', p.expectedAttachType), insns: p.insnCount, autoload: p.autoload,
      }));
      const result = { object: obj.name, btf: btf !== null, maps, programs };
      if (!ctx.json) {
        ctx.out(`object ${obj.name}${btf ? '' : ' (no BTF)'}: ${maps.length} maps, ${programs.length} programs`);
        ctx.out('');
        ctx.out('maps:');
        for (const l of table(['NAME', 'TYPE', 'KEY', 'VALUE', 'MAX', 'FLAGS', 'PINNING'], maps.map((m) => [
          m.name, m.type, `${m.bytes_key}B${m.key_type ? ` ${m.key_type}` : ''}`,
          `${m.bytes_value}B${m.value_type ? ` ${m.value_type}` : ''}`, m.max_entries, hexNumber(m.flags),
          m.pin_path ?? 'none']))) ctx.out(`  ${l}`);
        ctx.out('');
        ctx.out('programs:');
        for (const l of table(['NAME', 'SECTION', 'TYPE', 'ATTACH TYPE', 'INSNS'], programs.map((p) => [
          p.name, p.section, p.type, p.expected_attach_type, p.insns]))) ctx.out(`  ${l}`);
      }
      return result;
    } finally {
      obj.close();
    }
  },
};

export const run = (argv: string[]): Promise<number> => runCommand(inspect, argv);
