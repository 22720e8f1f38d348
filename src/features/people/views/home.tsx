import type { Actor } from '../../../platform/auth/actor';
import { hasRole } from '../../../platform/authz/policy';

export function PeopleHomePage({ actor }: { actor: Actor | null }) {
  const member = hasRole(actor, 'member');
  return (
    <>
      <h1>People</h1>
      <p class="lead">
        ILL Commons is kept by the people who do the work. Find a colleague who has solved your problem before, offer to
        help others, and talk privately when a question is not for the forum.
      </p>
      <ul class="ways-in">
        <li>
          <a class="way-in" href="/people/phone-a-friend">
            <span class="way-in-title">Phone a Friend</span>
            <span class="way-in-text">
              Members happy to be asked, by expertise, system, library type, region, language and time zone.
            </span>
          </a>
        </li>
        {actor ? (
          <>
            <li>
              <a class="way-in" href={`/people/${actor.username}`}>
                <span class="way-in-title">Your profile</span>
                <span class="way-in-text">
                  What others see of you, field by field: everyone, members only, or only you.
                </span>
              </a>
            </li>
            {member ? (
              <li>
                <a class="way-in" href="/messages">
                  <span class="way-in-title">Messages</span>
                  <span class="way-in-text">Private conversations with other members.</span>
                </a>
              </li>
            ) : null}
            <li>
              <a class="way-in" href="/account/data">
                <span class="way-in-title">Your data</span>
                <span class="way-in-text">Download everything the hub holds about you, or delete your account.</span>
              </a>
            </li>
          </>
        ) : null}
        <li>
          <a class="way-in" href="/groups">
            <span class="way-in-title">Groups and expert lists</span>
            <span class="way-in-text">Committees and organisations that look after the hub's content.</span>
          </a>
        </li>
      </ul>
      {actor ? null : (
        <p>
          The directory and private messages are for members. <a href="/sign-in?next=%2Fpeople">Sign in</a> or{' '}
          <a href="/sign-up">create an account</a>.
        </p>
      )}
    </>
  );
}
