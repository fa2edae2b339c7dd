// Decap CMS's own serializer, run in Node: the files Decap 3 writes, byte for byte.
//
// Reads JSON from stdin: [{"format": "frontmatter" | "yaml", "data": {...}, "fields": [names]}]
// and prints the JSON list of file texts. It imports decap-cms-core's published sources
// (dist/esm/formats: gray-matter with the `yaml` package) and repeats Backend.entryToRaw
// (decap-cms-core/src/backend.ts): keys in the collection's field order, one final line end.
// Decap's ES modules import './yaml' without '.js' (a bundler's habit); the resolve hook
// below adds it, nothing else changes.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(error.code)) throw error;
    for (const suffix of ['.js', '/index.js']) {
      try { return await next(specifier + suffix, context); } catch {}
    }
    throw error;
  }
}`;
register('data:text/javascript,' + encodeURIComponent(hook));

const formats = 'decap-cms-core/dist/esm/formats';
const { frontmatterYAML } = await import(`${formats}/frontmatter.js`);
const { default: yamlFormatter } = await import(`${formats}/yaml.js`);

function entryToRaw({ format, data, fields }) {
  const formatter = format === 'yaml' ? yamlFormatter : frontmatterYAML();
  let content = formatter.toFile(data, fields, {});
  if (content.slice(-1) != '\n') content += '\n';
  return content;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(JSON.parse(input).map(entryToRaw)));
