/**
 * The TOTP setup key, for an authenticator app: a QR code of the otpauth URI, and the same
 * secret as text in groups of four for typing it in by hand. Its own chunk (uqr included),
 * loaded only on the first sign-in of a Cognito account:
 * `lazy(() => import('./totp-qr.tsx').then((m) => m.TotpQr))`.
 */
import { encode } from 'uqr';

export interface TotpQrProps {
  /** otpauth://totp/… as the sign-in's 'totp-setup' step gives it. */
  uri: string;
  secret: string;
}

/** The secret as an authenticator app asks for it by hand: groups of four, no padding. */
export function groupSecret(secret: string): string {
  return (secret.replace(/[\s=]+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** The dark modules as one path: a rectangle per horizontal run, not one per module. */
function darkRuns(data: boolean[][]): string {
  let path = '';
  data.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      const width = x - start + 1;
      path += `M${start} ${y}h${width}v1h-${width}z`;
    }
  });
  return path;
}

export function TotpQr({ uri, secret }: TotpQrProps) {
  // Level M survives a smudged or glared screen; the two-module border is the quiet zone.
  const { size, data } = encode(uri, { ecc: 'M', border: 2 });
  return (
    <figure class="totp-qr">
      <svg
        role="img"
        aria-label="Mã QR để thêm tài khoản Thaogo vào ứng dụng xác thực"
        viewBox={`0 0 ${size} ${size}`}
        width={size * 6}
        height={size * 6}
        shape-rendering="crispEdges"
      >
        <rect width={size} height={size} fill="#fff" />
        <path d={darkRuns(data)} fill="#000" />
      </svg>
      <figcaption>
        <p>Không quét được mã? Nhập khóa này vào ứng dụng xác thực:</p>
        <p>
          <code class="totp-secret">{groupSecret(secret)}</code>
        </p>
      </figcaption>
    </figure>
  );
}
