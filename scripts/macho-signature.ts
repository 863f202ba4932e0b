/**
 * Checks the darwin/arm64 single executable the way macOS will take it, without a Mac: an arm64
 * Mach-O executable with an ad-hoc code signature whose code directory hashes every byte before
 * the signature (so the NODE_SEA segment postject added too), whose page hashes match the file,
 * and whose NODE_SEA segment holds the SEA blob with Node's fuse flipped.
 *
 * The facts come from rcodesign (apple-codesign, toolchain/), the same tool that signs:
 * `print-signature-info`, `extract macho-header|macho-segments` and `verify`. rcodesign 0.29's
 * `verify` always reports an ad-hoc signature's empty CMS blob ("CMS error: missing further
 * values"): Apple's `codesign -s -` writes the same empty blob, so that one line is discounted,
 * and only when the signature really has no CMS data; every other problem it reports counts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Node's documented sentinel, flipped to `:1` by postject in an injected binary. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const CPU_TYPE_ARM64 = 0x0100000c;
/** The code page size every Apple signature uses (CS_PAGE_SIZE). */
const CODE_PAGE = 4096;
const EMPTY_CMS_COMPLAINT = 'CMS error: missing further values (at position 0)';

export interface MachOSignatureReport {
  /** Empty when the executable is what macOS runs; else each problem in words. */
  readonly problems: readonly string[];
  /** The bytes the code directory hashes: [0, codeLimit). */
  readonly codeLimit: number;
  readonly signatureOffset: number;
  /** NODE_SEA/__NODE_SEA_BLOB in the file: [offset, offset + size). */
  readonly seaSection: { readonly offset: number; readonly size: number } | undefined;
  readonly flags: string;
}

interface SignatureInfo {
  entity: {
    mach_o: {
      macho_signature_start_offset: string | null;
      signature: {
        blobs: { slot: string; length: number }[];
        code_directory: { flags: string; signed_entity_size: number; code_digests_count: number; digest_type: string };
        cms: unknown;
      } | null;
    };
  };
}

function rcodesignOutput(rcodesign: string, args: readonly string[]): string {
  return execFileSync(rcodesign, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** "144953248 / 0x8a3cfa0" as rcodesign prints offsets. */
function offset(text: string | null): number {
  return text === null ? Number.NaN : Number.parseInt(text.split(' ')[0] ?? '', 10);
}

/** Every problem with `file` as a signed darwin/arm64 single executable; `blob` is the SEA blob it must carry. */
export function checkAdHocSignature(rcodesign: string, file: string, blob?: Buffer): MachOSignatureReport {
  const problems: string[] = [];
  const header = rcodesignOutput(rcodesign, ['extract', 'macho-header', file]);
  const cputype = Number(/cputype: (\d+)/u.exec(header)?.[1]);
  if (cputype !== CPU_TYPE_ARM64) problems.push(`cputype ${cputype}, not arm64 (${CPU_TYPE_ARM64})`);
  if (!/filetype: "EXECUTE"/u.test(header)) problems.push('not an executable (MH_EXECUTE)');

  const [info] = parse(rcodesignOutput(rcodesign, ['print-signature-info', file])) as SignatureInfo[];
  const machO = info?.entity.mach_o;
  const signature = machO?.signature ?? null;
  if (machO === undefined || signature === null) {
    return { problems: [...problems, 'no code signature'], codeLimit: 0, signatureOffset: 0, seaSection: undefined, flags: '' };
  }
  const directory = signature.code_directory;
  const signatureOffset = offset(machO.macho_signature_start_offset);
  const codeLimit = directory.signed_entity_size;
  if (directory.flags !== 'CodeSignatureFlags(ADHOC)') problems.push(`code directory flags ${directory.flags}, not ad hoc alone`);
  if (directory.digest_type !== 'sha256') problems.push(`code digests are ${directory.digest_type}, not sha256`);
  if (codeLimit !== signatureOffset) problems.push(`the code directory covers ${codeLimit} bytes, not all ${signatureOffset} before the signature`);
  if (directory.code_digests_count !== Math.ceil(codeLimit / CODE_PAGE)) {
    problems.push(`${directory.code_digests_count} page hashes for ${codeLimit} bytes (${Math.ceil(codeLimit / CODE_PAGE)} pages of ${CODE_PAGE})`);
  }
  const cms = signature.blobs.find((entry) => entry.slot.startsWith('CMS Signature'));
  // An ad-hoc CMS slot is an empty blob: its 8-byte header alone.
  const cmsEmpty = signature.cms === null && (cms === undefined || cms.length === 8);
  if (!cmsEmpty) problems.push('a CMS signature is present: not an ad-hoc signature');

  const segments = rcodesignOutput(rcodesign, ['extract', 'macho-segments', file]);
  const section = /section #\d+: __NODE_SEA_BLOB; offsets=0x[0-9a-f]+-0x[0-9a-f]+ \((\d+)-(\d+)\)/u.exec(segments);
  const seaSection = section === null ? undefined : { offset: Number(section[1]), size: Number(section[2]) - Number(section[1]) };
  if (!/; NODE_SEA; /u.test(segments) || seaSection === undefined) problems.push('no NODE_SEA segment with a __NODE_SEA_BLOB section');
  else {
    if (seaSection.offset + seaSection.size > codeLimit) problems.push('the NODE_SEA segment lies outside what the code directory hashes');
    const bytes = readFileSync(file);
    if (blob !== undefined && !bytes.subarray(seaSection.offset, seaSection.offset + seaSection.size).equals(blob)) {
      problems.push('the __NODE_SEA_BLOB section is not the SEA blob');
    }
    if (!bytes.includes(`${SEA_FUSE}:1`)) problems.push("Node's SEA fuse is not flipped");
  }

  const verified = spawnSync(rcodesign, ['verify', file], { encoding: 'utf8' });
  // Exit 0 prints "no problems detected!" and a disclaimer: no problems.
  const reported = (verified.status === 0 ? '' : `${verified.stdout}\n${verified.stderr}`)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('(the verify command is known to be buggy') && line !== 'Error: problems reported during verification');
  problems.push(...reported.filter((line) => !(cmsEmpty && line === EMPTY_CMS_COMPLAINT)).map((line) => `rcodesign verify: ${line}`));
  if (verified.status !== 0 && reported.length === 0) problems.push(`rcodesign verify exited ${verified.status} with no problem named`);
  return { problems, codeLimit, signatureOffset, seaSection, flags: directory.flags };
}
