/**
 * Links to a file at a commit on the forge that hosts the remote, so a citation points at the exact
 * text that was indexed: GitHub, GitLab (gitlab.com and hosts named `gitlab.*`) and Bitbucket.
 */
import { assertObjectId } from './git-repo';

interface RemoteLocation {
  /** `https://host[:port]` of the forge's web pages. */
  origin: string;
  host: string;
  /** Repository path segments, decoded, without `.git`. */
  segments: string[];
}

const SCP_LIKE = /^(?:[^@/:]+@)?([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)(.+)$/;

/**
 * `https://github.com/<o>/<r>/blob/<sha>/<path>`, `https://<gitlab host>/<group/…>/<r>/-/blob/<sha>/<path>`
 * or `https://bitbucket.org/<o>/<r>/src/<sha>/<path>`; undefined for any other host, `file://` and
 * local paths. Path segments are URL-encoded; credentials in `remoteUrl` never reach the link.
 */
export function fileWebUrl(remoteUrl: string, sha: string, path: string): string | undefined {
  assertObjectId(sha, 'sha');
  const location = locate(remoteUrl.trim());
  if (!location) return undefined;
  const { origin, host, segments } = location;
  const repo = segments.map(encodeURIComponent).join('/');
  const file = path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
  if (host === 'github.com' || host === 'www.github.com') {
    return segments.length === 2 ? `https://github.com/${repo}/blob/${sha}/${file}` : undefined;
  }
  if (host === 'bitbucket.org') {
    return segments.length === 2 ? `https://bitbucket.org/${repo}/src/${sha}/${file}` : undefined;
  }
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) {
    return segments.length >= 2 ? `${origin}/${repo}/-/blob/${sha}/${file}` : undefined;
  }
  return undefined;
}

/** Where the repository's web pages are, from an https, http, ssh or scp-like remote. */
function locate(remoteUrl: string): RemoteLocation | undefined {
  const scp = /^[a-z][a-z0-9+.-]*:\/\//i.test(remoteUrl) ? null : SCP_LIKE.exec(remoteUrl);
  if (scp) return toLocation('https', scp[1].toLowerCase(), '', scp[2]);
  let url: URL;
  try {
    url = new URL(remoteUrl);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  // A forge's web pages are on the same host and port as its https remote; ssh ports are not web ports.
  if (scheme === 'https' || scheme === 'http') {
    return toLocation(scheme, url.hostname, url.port, url.pathname);
  }
  if (scheme === 'ssh' || scheme === 'git+ssh')
    return toLocation('https', url.hostname, '', url.pathname);
  return undefined;
}

function toLocation(
  scheme: string,
  host: string,
  port: string,
  repoPath: string,
): RemoteLocation | undefined {
  const segments = repoPath
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/')
    .filter((segment) => segment.length > 0)
    .map(safeDecode);
  if (host === '' || segments.length === 0) return undefined;
  return { origin: `${scheme}://${host}${port ? `:${port}` : ''}`, host, segments };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
